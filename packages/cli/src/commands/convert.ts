import { Command, Option } from 'commander';
import type { ConvertOptions } from '../actions/convert.js';
import type { Runner } from '../runner.js';
import { addSecretOptions, helpFooter, secretSource } from './options.js';

/** `certwright convert`: certificates from any container to PEM, DER or PKCS#7. */
export function convertCommand(runner: Runner): Command {
  const command = new Command('convert')
    .description(
      'Convert the certificates of a PEM, DER, PKCS#7 or PKCS#12 file to PEM, DER (one certificate) or PKCS#7, in input order; private keys are not copied',
    )
    .argument('<in>', 'the input file')
    .addOption(
      new Option('--to <format>', 'output format: pem, der, p7b (PKCS#7 DER) or p7b-pem (PKCS#7 PEM)')
        .choices(['pem', 'der', 'p7b', 'p7b-pem'])
        .makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'where to write the result')
    .option('--force', 'overwrite the output file if it exists')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'storepass', 'PKCS#12 store password (asked for only when the input is PKCS#12)');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright convert ca-reply.p7b --to pem --out chain.pem',
        'certwright convert server.pfx --to pem --out server-chain.pem --storepass-file store-pass.txt',
        'certwright convert server.crt --to der --out server.der --force --json',
      ],
      [0, 2, 3, 70],
    ),
  );
  return command.action(async (input: string, raw: Record<string, unknown>) =>
    runner.run('convert', toConvertOptions(input, raw), async () => (await import('../actions/convert.js')).convert),
  );
}

export function toConvertOptions(input: string, raw: Record<string, unknown>): ConvertOptions {
  return {
    input,
    to: raw.to as ConvertOptions['to'],
    out: raw.out as string,
    storepass: secretSource(raw, 'storepass'),
    force: raw.force === true,
    json: raw.json === true,
  };
}

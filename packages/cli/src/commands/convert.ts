import { Command, Option } from 'commander';
import type { ConvertOptions } from '../actions/convert.js';
import type { Runner } from '../runner.js';
import { addSecretOptions, helpFooter, secretSource } from './options.js';

/** `certwright convert`: certificates (and, for stores, a private key) from any container to another. */
export function convertCommand(runner: Runner): Command {
  const command = new Command('convert')
    .description(
      'Convert a PEM, DER, PKCS#7 or PKCS#12 file to PEM, DER (one certificate), PKCS#7, PKCS#12 or JKS. ' +
        'pem/der/p7b copy certificates only; p12/jks write a keystore when the input holds one private key ' +
        '(the key with its certificate chain), else a trust store',
    )
    .argument('<in>', 'the input file')
    .addOption(
      new Option(
        '--to <format>',
        'output format: pem, der, p7b (PKCS#7 DER), p7b-pem (PKCS#7 PEM), p12 (PKCS#12) or jks (Java KeyStore)',
      )
        .choices(['pem', 'der', 'p7b', 'p7b-pem', 'p12', 'jks'])
        .makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'where to write the result')
    .addOption(
      new Option(
        '--preset <preset>',
        'PKCS#12 output protection: modern (AES-256, default) or compat (3DES, SHA-1)',
      ).choices(['modern', 'compat']),
    )
    .option('--alias <alias>', 'p12/jks keystore: the alias of the key entry (default: the input alias, else the CN)')
    .option('--trust-only', 'p12/jks: write a trust store of the certificates even when the input holds a key')
    .option('--force', 'overwrite the output file if it exists')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'inpass', 'password of a PKCS#12 input (asked for only when the input is PKCS#12)');
  addSecretOptions(
    command,
    'passphrase',
    'passphrase of an encrypted private key in a PEM input (asked for only then)',
  );
  addSecretOptions(command, 'storepass', 'password of the p12/jks store written (asked twice on a terminal)');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright convert ca-reply.p7b --to pem --out chain.pem',
        'certwright convert server.pfx --to pem --out server-chain.pem --inpass-file pfx-pass.txt',
        'certwright convert old-rc2.pfx --to p12 --out server.p12 --inpass-file old-pass.txt --storepass-file new-pass.txt',
        'certwright convert server.pfx --to jks --out server.jks --inpass-file pfx-pass.txt --storepass-file jks-pass.txt',
        'certwright convert roots.pem --to p12 --preset compat --out roots.p12 --storepass-env STOREPASS',
        'certwright convert server.crt --to der --out server.der --force --json',
      ],
      [0, 1, 2, 3, 70],
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
    preset: raw.preset as ConvertOptions['preset'],
    alias: raw.alias as string | undefined,
    trustOnly: raw.trustOnly === true,
    inpass: secretSource(raw, 'inpass'),
    passphrase: secretSource(raw, 'passphrase'),
    storepass: secretSource(raw, 'storepass'),
    force: raw.force === true,
    json: raw.json === true,
  };
}

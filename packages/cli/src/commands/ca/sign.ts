import { Command } from 'commander';
import type { CaSignOptions } from '../../actions/ca/sign.js';
import type { Runner } from '../../runner.js';
import { addSecretOptions, helpFooter, parsePositiveInteger, secretSource } from '../options.js';

/** `certwright ca sign`: step 3 with a lab CA instead of the enterprise CA. */
export function caSignCommand(runner: Runner): Command {
  const command = new Command('sign')
    .description('Sign a CSR with a lab CA, using its deepest intermediate (ca2, else ca1, else root)')
    .requiredOption('--ca-dir <dir>', 'the lab CA directory made by `ca init`')
    .requiredOption('--csr <file>', 'the CSR to sign')
    .requiredOption('--out <file>', 'where to write the certificate (PEM)')
    .option('--days <n>', 'validity in days', parsePositiveInteger, 397)
    .option('--force', 'overwrite the output file if it exists')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'passphrase', 'passphrase of the CA key');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright ca sign --ca-dir lab-ca --csr server.csr --out server.crt --passphrase-file ca-pass.txt',
        'certwright ca sign --ca-dir lab-ca --csr server.csr --out server.crt --days 825 --json',
      ],
      [0, 1, 2, 3, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run('ca sign', toCaSignOptions(raw), async () => (await import('../../actions/ca/sign.js')).caSign),
  );
}

export function toCaSignOptions(raw: Record<string, unknown>): CaSignOptions {
  return {
    caDir: raw.caDir as string,
    csr: raw.csr as string,
    out: raw.out as string,
    days: raw.days as number,
    passphrase: secretSource(raw, 'passphrase'),
    force: raw.force === true,
    json: raw.json === true,
  };
}

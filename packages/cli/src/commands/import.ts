import { Command } from 'commander';
import type { ImportOptions } from '../actions/import.js';
import type { Runner } from '../runner.js';
import { addSecretOptions, helpFooter, secretSource } from './options.js';

/** `certwright import`: workflow step 4. */
export function importCommand(runner: Runner): Command {
  const command = new Command('import')
    .description(
      "Bring the CA's files (any names, any format) into the server certificate directory as root.crt, ca1.crt, ca2.crt and server.crt (step 4)",
    )
    .argument('<files...>', 'what the CA sent: PEM, DER, PKCS#7 (.p7b), PKCS#12 (.pfx), one bundle or many files')
    .requiredOption('--out-dir <dir>', 'the server certificate directory to write')
    .option('--key <file>', "the server's private key: picks the server certificate and proves it matches")
    .option('--at <time>', 'check the chain at this ISO-8601 time instead of now')
    .option('--force', 'replace an existing set in the directory')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'passphrase', 'passphrase of the private key');
  addSecretOptions(command, 'storepass', 'password of a PKCS#12 input');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright import certnew.p7b --out-dir server_certs --key server.key --passphrase-file pass.txt',
        'certwright import server.cer intermediate.cer root.cer --out-dir server_certs',
        'certwright import server.pfx --storepass-file pfx-pass.txt --out-dir server_certs --json',
      ],
      [0, 1, 2, 3, 70],
    ),
  );
  return command.action(async (files: string[], raw: Record<string, unknown>) =>
    runner.run('import', toImportOptions(files, raw), async () => (await import('../actions/import.js')).importFiles),
  );
}

export function toImportOptions(files: string[], raw: Record<string, unknown>): ImportOptions {
  return {
    files,
    outDir: raw.outDir as string,
    key: raw.key as string | undefined,
    at: raw.at as string | undefined,
    passphrase: secretSource(raw, 'passphrase'),
    storepass: secretSource(raw, 'storepass'),
    force: raw.force === true,
    json: raw.json === true,
  };
}

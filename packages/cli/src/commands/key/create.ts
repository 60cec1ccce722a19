import { Command } from 'commander';
import type { KeyCreateOptions } from '../../actions/key/create.js';
import type { Runner } from '../../runner.js';
import { addKeyTypeOptions, addSecretOptions, helpFooter, keyTypeFlags, secretSource } from '../options.js';

/** `certwright key create`: workflow step 1. */
export function keyCreateCommand(runner: Runner): Command {
  const command = new Command('create')
    .description('Generate a private key (step 1), written as encrypted PKCS#8 PEM with mode 0600')
    .requiredOption('--out <file>', 'where to write the key')
    .option('--no-encrypt', 'write the key unencrypted (dangerous: anyone who can read the file has the key)')
    .option('--force', 'overwrite the output file if it exists')
    .option('--json', 'print the result as JSON on stdout');
  addKeyTypeOptions(command, 'key');
  addSecretOptions(command, 'passphrase', 'passphrase that encrypts the key');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright key create --out server.key',
        'certwright key create --type ec --curve P-384 --out server.key --passphrase-file pass.txt',
        'CW_PASS=… certwright key create --bits 4096 --out server.key --passphrase-env CW_PASS --json',
      ],
      [0, 2, 3, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run(
      'key create',
      toKeyCreateOptions(raw),
      async () => (await import('../../actions/key/create.js')).keyCreate,
    ),
  );
}

/** commander's values → the handler's typed options. */
export function toKeyCreateOptions(raw: Record<string, unknown>): KeyCreateOptions {
  return {
    out: raw.out as string,
    ...keyTypeFlags(raw),
    encrypt: raw.encrypt as boolean,
    passphrase: secretSource(raw, 'passphrase'),
    force: raw.force === true,
    json: raw.json === true,
  };
}

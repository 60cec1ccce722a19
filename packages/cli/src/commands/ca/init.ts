import { Command, Option } from 'commander';
import type { CaInitOptions } from '../../actions/ca/init.js';
import type { Runner } from '../../runner.js';
import {
  addKeyTypeOptions,
  addSecretOptions,
  helpFooter,
  parsePositiveInteger,
  keyTypeFlags,
  secretSource,
} from '../options.js';

/** `certwright ca init`: a lab CA for tests, demos and small labs. */
export function caInitCommand(runner: Runner): Command {
  const command = new Command('init')
    .description('Create a lab CA: root.crt/root.key and optionally ca1 and ca2 intermediates (keys encrypted)')
    .requiredOption('--out-dir <dir>', 'directory for the CA files (created if missing)')
    .addOption(new Option('--intermediates <n>', 'number of intermediate CAs').choices(['0', '1', '2']).default('1'))
    .option('--days <n>', 'validity of the CA certificates in days', parsePositiveInteger, 3650)
    .option('--org <name>', 'organisation name in the CA subjects', 'Certwright Lab CA')
    .option('--no-encrypt', 'write the CA keys unencrypted (dangerous)')
    .option('--force', 'overwrite CA files that exist')
    .option('--json', 'print the result as JSON on stdout');
  addKeyTypeOptions(command, 'CA key');
  addSecretOptions(command, 'passphrase', 'passphrase that encrypts the CA keys');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright ca init --out-dir lab-ca --intermediates 2 --passphrase-file ca-pass.txt',
        'certwright ca init --out-dir lab-ca --type ec --intermediates 0',
      ],
      [0, 2, 3, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run('ca init', toCaInitOptions(raw), async () => (await import('../../actions/ca/init.js')).caInit),
  );
}

export function toCaInitOptions(raw: Record<string, unknown>): CaInitOptions {
  return {
    outDir: raw.outDir as string,
    intermediates: Number(raw.intermediates) as CaInitOptions['intermediates'],
    ...keyTypeFlags(raw),
    days: raw.days as number,
    organization: raw.org as string,
    encrypt: raw.encrypt as boolean,
    passphrase: secretSource(raw, 'passphrase'),
    force: raw.force === true,
    json: raw.json === true,
  };
}

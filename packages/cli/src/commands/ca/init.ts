import { commandSpec, integer, mapped, negated, type OptionsOf, secret, text } from '../../spec/index.js';
import { forceOption, jsonOption, keyTypeOptions } from '../shared-options.js';

/** `certwright ca init`: a lab CA for tests, demos and small labs. */
export const caInitSpec = commandSpec({
  path: ['ca', 'init'],
  description: 'Create a lab CA: root.crt/root.key and optionally ca1 and ca2 intermediates (keys encrypted)',
  options: {
    outDir: text('--out-dir <dir>', 'directory for the CA files (created if missing)').required(),
    intermediates: mapped('--intermediates <n>', 'number of intermediate CAs', { 0: 0, 1: 1, 2: 2 }).default(1),
    days: integer('--days <n>', 'validity of the CA certificates in days', 1).default(3650),
    organization: text('--org <name>', 'organisation name in the CA subjects').default('Certwright Lab CA'),
    ...keyTypeOptions('CA key'),
    encrypt: negated('--no-encrypt', 'write the CA keys unencrypted (dangerous)'),
    passphrase: secret('passphrase', 'passphrase that encrypts the CA keys'),
    force: forceOption('overwrite CA files that exist'),
    json: jsonOption,
  },
  examples: `
    certwright ca init --out-dir lab-ca --intermediates 2 --passphrase-file ca-pass.txt
    certwright ca init --out-dir lab-ca --type ec --intermediates 0
  `,
  exitCodes: [0, 2, 3, 70],
});

export type CaInitOptions = OptionsOf<typeof caInitSpec>;

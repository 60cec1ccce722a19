import { commandSpec, negated, type OptionsOf, secret, text } from '../../spec/index.js';
import { forceOption, jsonOption, keyTypeOptions } from '../shared-options.js';

/** `certwright key create`: workflow step 1. */
export const keyCreateSpec = commandSpec({
  path: ['key', 'create'],
  description: 'Generate a private key (step 1), written as encrypted PKCS#8 PEM with mode 0600',
  options: {
    out: text('--out <file>', 'where to write the key').required(),
    ...keyTypeOptions('key'),
    encrypt: negated('--no-encrypt', 'write the key unencrypted (dangerous: anyone who can read the file has the key)'),
    passphrase: secret('passphrase', 'passphrase that encrypts the key'),
    force: forceOption(),
    json: jsonOption,
  },
  examples: `
    certwright key create --out server.key
    certwright key create --type ec --curve P-384 --out server.key --passphrase-file pass.txt
    CW_PASS=… certwright key create --bits 4096 --out server.key --passphrase-env CW_PASS --json
  `,
  exitCodes: [0, 2, 3, 70],
});

export type KeyCreateOptions = OptionsOf<typeof keyCreateSpec>;

import { choice, commandSpec, list, type OptionsOf, secret, text } from '../../spec/index.js';
import { forceOption, jsonOption, presetOption } from '../shared-options.js';

/** `certwright keystore create`: a private key and its chain as PKCS#12 or JKS. */
export const keystoreCreateSpec = commandSpec({
  path: ['keystore', 'create'],
  description: 'Put a private key with its certificate and chain into a new PKCS#12 or JKS key store (mode 0600)',
  options: {
    format: choice('--format <format>', 'key store format', ['p12', 'jks']).required(),
    key: text('--key <file>', 'the private key').required(),
    passphrase: secret('passphrase', 'passphrase of the private key'),
    cert: text('--cert <file>', 'the certificate of the key (leaf first if the file holds a chain)').required(),
    chain: list('--chain <file>', 'intermediate and root certificates, leaf to root (repeat)'),
    out: text('--out <file>', 'the key store to write (mode 0600)').required(),
    alias: text('--alias <alias>', 'alias of the key entry (default: subject CN of the certificate)'),
    preset: presetOption,
    storepass: secret('storepass', 'password of the new store (also protects the key)'),
    inpass: secret('inpass', 'password of PKCS#12 certificate inputs (asked for only then)'),
    force: forceOption(),
    json: jsonOption,
  },
  examples: `
    certwright keystore create --format p12 --key server.key --cert server.crt --chain ca1.crt --chain root.crt --out server.p12 --storepass-file store-pass.txt
    certwright keystore create --format jks --key server.key --passphrase-env KEYPASS --cert server.crt --out server.jks --alias tomcat --storepass-env STOREPASS --json
  `,
  exitCodes: [0, 1, 2, 3, 70],
});

export type KeystoreCreateOptions = OptionsOf<typeof keystoreCreateSpec>;

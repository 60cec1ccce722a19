import { argument, choice, commandSpec, flag, negated, type OptionsOf, secret, text } from '../spec/index.js';
import { forceOption, jsonOption } from './shared-options.js';

/** `certwright convert`: certificates (and, for stores, a private key) from any container to another. */
export const convertSpec = commandSpec({
  path: ['convert'],
  description:
    'Convert a PEM, DER, PKCS#7 or PKCS#12 file to PEM, DER (one certificate), PKCS#7, PKCS#12 or JKS. ' +
    'pem/der/p7b copy certificates (with --key-out, the private key of a PKCS#12 input goes to its own file, encrypted); ' +
    'p12/jks write a keystore when the input holds one private key (the key with its certificate chain), else a trust store',
  arguments: { input: argument('<in>', 'the input file') },
  options: {
    to: choice(
      '--to <format>',
      'output format: pem, der, p7b (PKCS#7 DER), p7b-pem (PKCS#7 PEM), p12 (PKCS#12) or jks (Java KeyStore)',
      ['pem', 'der', 'p7b', 'p7b-pem', 'p12', 'jks'],
    ).required(),
    out: text('--out <file>', 'where to write the result').required(),
    preset: choice(
      '--preset <preset>',
      'PKCS#12 output protection: modern (AES-256, default) or compat (3DES, SHA-1)',
      ['modern', 'compat'],
    ),
    alias: text(
      '--alias <alias>',
      'p12/jks keystore: the alias of the key entry (default: the input alias, else the CN)',
    ),
    keyOut: text(
      '--key-out <file>',
      'pem/der/p7b: write the private key of a PKCS#12 input to this file (encrypted PKCS#8 PEM, mode 0600)',
    ),
    encrypt: negated(
      '--no-encrypt',
      'with --key-out: write the key unencrypted (dangerous: anyone who can read the file has the key)',
    ),
    trustOnly: flag('--trust-only', 'p12/jks: write a trust store of the certificates even when the input holds a key'),
    inpass: secret('inpass', 'password of a PKCS#12 input (asked for only when the input is PKCS#12)'),
    passphrase: secret(
      'passphrase',
      'passphrase of an encrypted private key in a PEM input (asked for only then); with --key-out, the new passphrase of the key written',
    ),
    storepass: secret('storepass', 'password of the p12/jks store written (asked twice on a terminal)'),
    force: forceOption(),
    json: jsonOption,
  },
  examples: `
    certwright convert ca-reply.p7b --to pem --out chain.pem
    certwright convert server.pfx --to pem --out server-chain.pem --inpass-file pfx-pass.txt
    certwright convert server.pfx --to pem --out chain.pem --key-out server.key --inpass-file pfx-pass.txt --passphrase-file pass.txt
    certwright convert old-rc2.pfx --to p12 --out server.p12 --inpass-file old-pass.txt --storepass-file new-pass.txt
    certwright convert server.pfx --to jks --out server.jks --inpass-file pfx-pass.txt --storepass-file jks-pass.txt
    certwright convert roots.pem --to p12 --preset compat --out roots.p12 --storepass-env STOREPASS
    certwright convert server.crt --to der --out server.der --force --json
  `,
  exitCodes: [0, 1, 2, 3, 70],
});

export type ConvertOptions = OptionsOf<typeof convertSpec>;

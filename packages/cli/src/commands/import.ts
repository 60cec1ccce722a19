import { commandSpec, negated, type OptionsOf, secret, text, variadic } from '../spec/index.js';
import { forceOption, jsonOption } from './shared-options.js';

/** `certwright import`: workflow step 4. */
export const importSpec = commandSpec({
  path: ['import'],
  description:
    "Bring the CA's files (any names, any format) into the server certificate directory as root.crt, ca1.crt, ca2.crt and server.crt (step 4)",
  arguments: {
    files: variadic(
      '<files...>',
      'what the CA sent: PEM, DER, PKCS#7 (.p7b), PKCS#12 (.pfx), one bundle or many files',
    ),
  },
  options: {
    outDir: text('--out-dir <dir>', 'the server certificate directory to write').required(),
    key: text('--key <file>', "the server's private key: picks the server certificate and proves it matches"),
    keyOut: text(
      '--key-out <file>',
      'where the private key of a PKCS#12 input goes (default <out-dir>/server.key), encrypted, mode 0600',
    ),
    encrypt: negated(
      '--no-encrypt',
      "write a PKCS#12 input's private key unencrypted (dangerous: anyone who can read the file has the key)",
    ),
    at: text('--at <time>', 'check the chain at this ISO-8601 time instead of now'),
    passphrase: secret(
      'passphrase',
      "passphrase of --key, or the new passphrase that encrypts a PKCS#12 input's key (asked twice on a terminal)",
    ),
    storepass: secret('storepass', 'password of a PKCS#12 input'),
    force: forceOption('replace an existing set in the directory'),
    json: jsonOption,
  },
  examples: `
    certwright import certnew.p7b --out-dir server_certs --key server.key --passphrase-file pass.txt
    certwright import server.cer intermediate.cer root.cer --out-dir server_certs
    certwright import server.pfx --storepass-file pfx-pass.txt --out-dir server_certs --json
    certwright import reply-with-key.pfx --storepass-file pfx-pass.txt --passphrase-file pass.txt --out-dir server_certs
  `,
  exitCodes: [0, 1, 2, 3, 70],
});

export type ImportOptions = OptionsOf<typeof importSpec>;

import { argument, commandSpec, type OptionsOf, secret } from '../spec/index.js';
import { jsonOption } from './shared-options.js';

/** `certwright inspect`: what a file is, and every certificate, CSR and key in it. */
export const inspectSpec = commandSpec({
  path: ['inspect'],
  description:
    'Say what a file is (PEM, DER, PKCS#7, PKCS#12) and describe each certificate (subject, issuer, serial, validity, SANs, key, SHA-256, CA or leaf), CSR and key; never prints key material',
  arguments: { file: argument('<file>', 'a certificate, chain, CSR, key, .p7b or .pfx/.p12 file') },
  options: {
    storepass: secret('storepass', 'PKCS#12 store password (asked for only when the file is PKCS#12)'),
    passphrase: secret(
      'passphrase',
      "an encrypted key's passphrase: checked, and the key described (without it, only how the key is encrypted; never prompted for)",
    ),
    json: jsonOption,
  },
  examples: `
    certwright inspect server.crt
    certwright inspect ca-reply.p7b --json | jq ".certificates[].subject"
    certwright inspect server.pfx --storepass-file store-pass.txt
    certwright inspect server.key --passphrase-env CW_PASS
  `,
  exitCodes: [0, 2, 3, 70],
});

export type InspectOptions = OptionsOf<typeof inspectSpec>;

import { argument, commandSpec, type OptionsOf, secret } from '../../spec/index.js';
import { jsonOption } from '../shared-options.js';

/** `certwright truststore list`: the entries of a JKS, PKCS#12 or certificate file. */
export const truststoreListSpec = commandSpec({
  path: ['truststore', 'list'],
  description:
    'List the entries of a trust store or key store (JKS, PKCS#12, PEM, DER, PKCS#7): alias, type, subject, SHA-256, notAfter',
  arguments: { file: argument('<file>', 'the store') },
  options: {
    storepass: secret('storepass', 'store password (JKS and PKCS#12)'),
    json: jsonOption,
  },
  examples: `
    certwright truststore list truststore.jks --storepass-file store-pass.txt
    certwright truststore list truststore.p12 --storepass-env STOREPASS --json
    certwright truststore list trusted.pem
  `,
  exitCodes: [0, 2, 3, 70],
});

export type TruststoreListOptions = OptionsOf<typeof truststoreListSpec>;

import { argument, commandSpec, type OptionsOf, secret, text } from '../../spec/index.js';
import { jsonOption } from '../shared-options.js';

const storeArgument = argument('<store>', 'the JKS or PKCS#12 store to modify');

/** `certwright truststore add`: one trusted certificate into a JKS or PKCS#12 store. */
export const truststoreAddSpec = commandSpec({
  path: ['truststore', 'add'],
  description:
    'Add one trusted certificate to a JKS or PKCS#12 store, rewriting it atomically; every other entry is kept as it was',
  arguments: {
    file: storeArgument,
    certificate: argument('<certificate>', 'a file holding exactly one certificate, any format'),
  },
  options: {
    alias: text('--alias <alias>', 'alias of the new entry').required(),
    storepass: secret('storepass', 'store password'),
    inpass: secret('inpass', 'password of a PKCS#12 certificate input (asked for only then)'),
    json: jsonOption,
  },
  examples: `
    certwright truststore add truststore.jks --alias partner-root partner-root.crt --storepass-file store-pass.txt
    certwright truststore add truststore.p12 --alias ad-root ad-root.cer --storepass-env STOREPASS
  `,
  exitCodes: [0, 2, 3, 70],
});

export type TruststoreAddOptions = OptionsOf<typeof truststoreAddSpec>;

/** `certwright truststore remove`: one entry out of a JKS or PKCS#12 store. */
export const truststoreRemoveSpec = commandSpec({
  path: ['truststore', 'remove'],
  description:
    'Remove one entry from a JKS or PKCS#12 store (a key entry goes with its certificate), rewriting it atomically',
  arguments: { file: storeArgument },
  options: {
    alias: text('--alias <alias>', 'alias of the entry to remove').required(),
    storepass: secret('storepass', 'store password'),
    json: jsonOption,
  },
  examples: `
    certwright truststore remove truststore.jks --alias old-root --storepass-file store-pass.txt
    certwright truststore remove truststore.p12 --alias old-root --storepass-env STOREPASS
  `,
  exitCodes: [0, 2, 3, 70],
});

export type TruststoreRemoveOptions = OptionsOf<typeof truststoreRemoveSpec>;

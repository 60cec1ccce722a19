import { choice, commandSpec, list, type OptionsOf, secret, text, variadic } from '../../spec/index.js';
import { forceOption, jsonOption, presetOption } from '../shared-options.js';

/** `certwright truststore create`: a PEM, PKCS#12 or JKS trust store from certificate files. */
export const truststoreCreateSpec = commandSpec({
  path: ['truststore', 'create'],
  description:
    'Put every certificate of the input files (PEM, DER, PKCS#7, PKCS#12) into a new trust store: a PEM bundle, PKCS#12 or JKS',
  arguments: { files: variadic('<files...>', 'certificate files, any format') },
  options: {
    format: choice('--format <format>', 'trust store format', ['pem', 'p12', 'jks']).required(),
    out: text('--out <file>', 'the trust store to write (mode 0644)').required(),
    preset: presetOption,
    aliases: list('--alias <alias>', 'alias of the next certificate, in input order (repeat; default: subject CN)'),
    storepass: secret('storepass', 'password of the new store (p12 and jks)'),
    inpass: secret('inpass', 'password of PKCS#12 inputs (asked for only then)'),
    force: forceOption(),
    json: jsonOption,
  },
  examples: `
    certwright truststore create --format jks --out truststore.jks --storepass-file store-pass.txt root.crt ca1.crt
    certwright truststore create --format p12 --out truststore.p12 --storepass-env STOREPASS --alias root --alias ca1 root.crt ca1.crt
    certwright truststore create --format pem --out trusted.pem ca-reply.p7b --json
  `,
  exitCodes: [0, 2, 3, 70],
});

export type TruststoreCreateOptions = OptionsOf<typeof truststoreCreateSpec>;

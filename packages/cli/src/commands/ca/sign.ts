import { commandSpec, integer, type OptionsOf, secret, text } from '../../spec/index.js';
import { forceOption, jsonOption } from '../shared-options.js';

/** `certwright ca sign`: step 3 with a lab CA instead of the enterprise CA. */
export const caSignSpec = commandSpec({
  path: ['ca', 'sign'],
  description: 'Sign a CSR with a lab CA, using its deepest intermediate (ca2, else ca1, else root)',
  options: {
    caDir: text('--ca-dir <dir>', 'the lab CA directory made by `ca init`').required(),
    csr: text('--csr <file>', 'the CSR to sign').required(),
    out: text('--out <file>', 'where to write the certificate (PEM)').required(),
    days: integer('--days <n>', 'validity in days', 1).default(397),
    passphrase: secret('passphrase', 'passphrase of the CA key'),
    force: forceOption(),
    json: jsonOption,
  },
  examples: `
    certwright ca sign --ca-dir lab-ca --csr server.csr --out server.crt --passphrase-file ca-pass.txt
    certwright ca sign --ca-dir lab-ca --csr server.csr --out server.crt --days 825 --json
  `,
  exitCodes: [0, 1, 2, 3, 70],
});

export type CaSignOptions = OptionsOf<typeof caSignSpec>;

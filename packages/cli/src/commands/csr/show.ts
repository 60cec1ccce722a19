import { argument, commandSpec, type OptionsOf } from '../../spec/index.js';
import { jsonOption } from '../shared-options.js';

/** `certwright csr show`: step 3, what to hand to the CA. */
export const csrShowSpec = commandSpec({
  path: ['csr', 'show'],
  description: 'Show a CSR to send to the CA (step 3): PEM, SHA-256 fingerprint, subject, SANs, key and lint findings',
  arguments: { csr: argument('<csr>', 'the CSR file (PEM or DER)') },
  options: { json: jsonOption },
  examples: `
    certwright csr show server.csr
    certwright csr show server.csr --json | jq .lint
  `,
  exitCodes: [0, 2, 3, 70],
});

export type CsrShowOptions = OptionsOf<typeof csrShowSpec>;

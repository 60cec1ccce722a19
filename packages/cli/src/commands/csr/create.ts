import { commandSpec, list, mapped, negated, type OptionsOf, secret, text } from '../../spec/index.js';
import { forceOption, jsonOption } from '../shared-options.js';

/** `certwright csr create`: workflow step 2. */
export const csrCreateSpec = commandSpec({
  path: ['csr', 'create'],
  description: "Create a certificate signing request (step 2) from a private key and the organisation's details",
  options: {
    key: text('--key <file>', 'the private key (PKCS#8 or legacy PEM, or DER)').required(),
    out: text('--out <file>', 'where to write the CSR (PEM)').required(),
    cn: text('--cn <name>', 'subject common name, e.g. the server FQDN').required(),
    o: text('--o <org>', 'subject organisation (O)'),
    ou: text('--ou <unit>', 'subject organisational unit (OU)'),
    l: text('--l <locality>', 'subject locality (L)'),
    st: text('--st <state>', 'subject state or province (ST)'),
    c: text('--c <country>', 'subject country, two letters (C)'),
    email: text('--email <address>', 'subject emailAddress'),
    sans: list('--san <kind:value>', 'subject alternative name: dns:…, ip:…, email:… or uri:… (repeatable)'),
    defaultSan: negated('--no-default-san', 'do not add the common name as a SAN when no --san is given'),
    keyUsage: list(
      '--key-usage <name>',
      'requested key usage, e.g. digitalSignature (repeatable; default by key type)',
    ),
    extendedKeyUsage: list(
      '--eku <name>',
      'requested extended key usage (repeatable; default serverAuth and clientAuth)',
    ),
    hash: mapped('--hash <alg>', 'signature hash', { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' }).default(
      'SHA-256',
    ),
    passphrase: secret('passphrase', 'passphrase of the private key'),
    challengePassword: secret('challenge-password', 'PKCS#9 challenge password to put in the CSR'),
    force: forceOption(),
    json: jsonOption,
  },
  examples: `
    certwright csr create --key server.key --out server.csr --cn ovoc.example.com --o Example --c US \\
          --san dns:ovoc.example.com --san ip:10.1.2.3 --passphrase-file pass.txt
    certwright csr create --key server.key --out server.csr --cn ovoc.example.com --san dns:ovoc-a.example.com --san dns:ovoc-b.example.com
  `,
  exitCodes: [0, 2, 3, 70],
});

export type CsrCreateOptions = OptionsOf<typeof csrCreateSpec>;

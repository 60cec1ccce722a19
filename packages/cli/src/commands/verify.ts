import { choice, commandSpec, flag, integer, list, type OptionsOf, secret, text } from '../spec/index.js';
import { jsonOption } from './shared-options.js';

/** `certwright verify`: workflow steps 6 and 7 on the server certificate directory. */
export const verifySpec = commandSpec({
  path: ['verify'],
  description:
    'Check the server certificate directory (steps 6–7): PEM files, chain, order, key, expiry, and what a server actually serves',
  options: {
    dir: text('--dir <dir>', 'the server certificate directory (root.crt, ca1.crt, ca2.crt, server.crt)').required(),
    key: text('--key <file>', "the server's private key, to check it matches server.crt"),
    host: text('--host <name>', 'the DNS name server.crt must hold'),
    deviceMode: choice(
      '--device-mode <mode>',
      'how OVOC reaches the SBC devices ("SBC Devices Communication"): ip, or hostname — which warns unless server.crt holds --host',
      ['ip', 'hostname'],
    ),
    at: text('--at <time>', 'check at this ISO-8601 time instead of now'),
    connect: text(
      '--connect <host:port>',
      'also make a TLS handshake: compare the served chain with the files, and check a stapled OCSP response',
    ),
    ocspResponses: list('--ocsp-response <file>', 'DER OCSP response for a certificate of the set (repeatable)'),
    fetchRevocation: flag(
      '--fetch-revocation',
      'fetch CRLs (http distribution points) and OCSP responses (AIA) for the chain; HTTP(S)_PROXY and NO_PROXY apply',
    ),
    revocation: choice(
      '--revocation <mode>',
      'an undetermined revocation status: hard-fail (default once --ocsp-response is given), soft-fail, off',
      ['off', 'soft-fail', 'hard-fail'],
    ),
    anchorConstraints: choice(
      '--anchor-constraints <mode>',
      "root.crt's own constraints (RFC 5937): enforce, or ignore",
      ['enforce', 'ignore'],
    ).default('enforce'),
    profile: choice('--profile <profile>', 'validation rules', ['rfc5280', 'strict', 'webpki']).default('rfc5280'),
    warnDays: integer('--warn-days <n>', 'warn when a certificate expires within this many days').default(30),
    passphrase: secret('passphrase', 'passphrase of the private key'),
    json: jsonOption,
  },
  examples: `
    certwright verify --dir server_certs --key server.key --passphrase-file pass.txt --host ovoc.example.com
    certwright verify --dir server_certs --connect ovoc.example.com:443 --warn-days 60 --json
    certwright verify --dir server_certs --connect ovoc.example.com:443 --revocation soft-fail
    certwright verify --dir server_certs --device-mode hostname --host ovoc.example.com
  `,
  exitCodes: [0, 1, 2, 3, 4, 70],
});

export type VerifyOptions = OptionsOf<typeof verifySpec>;

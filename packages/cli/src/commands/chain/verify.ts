import { choice, commandSpec, flag, integer, list, type OptionsOf, secret, text } from '../../spec/index.js';
import { jsonOption } from '../shared-options.js';

/** `certwright chain verify`: path building and validation that explains itself. */
export const chainVerifySpec = commandSpec({
  path: ['chain', 'verify'],
  description: 'Build and validate the chain of a certificate, listing every problem with a stable code',
  options: {
    cert: text(
      '--cert <file>',
      'the certificate to check (extra certificates in the file count as untrusted)',
    ).required(),
    roots: list('--root <file>', 'trusted root(s): any format, several per file (repeatable)').required(),
    untrusted: list('--untrusted <file>', 'intermediates to build the path from, any order and format (repeatable)'),
    at: text('--at <time>', 'validate at this ISO-8601 time instead of now'),
    host: text('--host <name>', 'the DNS name the certificate must hold').conflicts('ip', 'email'),
    ip: text('--ip <address>', 'the IP address the certificate must hold').conflicts('email'),
    email: text('--email <address>', 'the email address the certificate must hold'),
    purpose: choice('--purpose <purpose>', 'what the certificate is for', ['server', 'client', 'any']).default(
      'server',
    ),
    crls: list(
      '--crl <file>',
      'CRL to check revocation with (RFC 5280 §6.3: distribution points, indirect, delta; repeatable)',
    ),
    ocspResponses: list('--ocsp-response <file>', 'DER OCSP response for a certificate of the path (repeatable)'),
    fetchRevocation: flag(
      '--fetch-revocation',
      'fetch CRLs (http distribution points) and OCSP responses (AIA) for the path; HTTP(S)_PROXY and NO_PROXY apply',
    ),
    revocation: choice(
      '--revocation <mode>',
      'an undetermined revocation status: hard-fail (default once --crl/--ocsp-response is given), soft-fail, off',
      ['off', 'soft-fail', 'hard-fail'],
    ),
    anchorConstraints: choice(
      '--anchor-constraints <mode>',
      "the root's own constraints (RFC 5937): enforce, or ignore (name and key only)",
      ['enforce', 'ignore'],
    ).default('enforce'),
    leafIsAnchor: choice('--leaf-is-anchor <accept>', 'accept a certificate that is itself among the roots (pinning)', [
      'accept',
    ]),
    maxDepth: integer('--max-depth <n>', 'most intermediates a path may hold', 1),
    profile: choice(
      '--profile <profile>',
      'validation rules: RFC 5280 §6, plus issuing-CA rules (strict), plus CA/B Forum (webpki)',
      ['rfc5280', 'strict', 'webpki'],
    ).default('rfc5280'),
    allowWeak: flag('--allow-weak', 'accept MD5/SHA-1 signatures and RSA keys below 2048 bits (dangerous)'),
    storepass: secret(
      'storepass',
      'password of a PKCS#12 or JKS file among the inputs (asked for only when one is; one password for all)',
    ),
    json: jsonOption,
  },
  examples: `
    certwright chain verify --cert server.crt --root root.crt --untrusted ca1.crt --untrusted ca2.crt --host ovoc.example.com
    certwright chain verify --cert fullchain.pem --root enterprise-roots.p7b --at 2030-01-01T00:00:00Z --json
    certwright chain verify --cert device.crt --root root.crt --purpose client --crl ca.crl
    certwright chain verify --cert server.crt --root root.crt --untrusted ca.crt --ocsp-response server.ocsp --revocation soft-fail
    certwright chain verify --cert server.crt --root truststore.jks --storepass-file store-pass.txt
  `,
  exitCodes: [0, 1, 2, 3, 70],
});

export type ChainVerifyOptions = OptionsOf<typeof chainVerifySpec>;

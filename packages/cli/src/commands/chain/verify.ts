import { Command, Option } from 'commander';
import type { ChainVerifyOptions } from '../../actions/chain/verify.js';
import type { Runner } from '../../runner.js';
import { addSecretOptions, collect, helpFooter, parsePositiveInteger, secretSource } from '../options.js';

/** `certwright chain verify`: path building and validation that explains itself. */
export function chainVerifyCommand(runner: Runner): Command {
  const command = new Command('verify')
    .description('Build and validate the chain of a certificate, listing every problem with a stable code')
    .requiredOption('--cert <file>', 'the certificate to check (extra certificates in the file count as untrusted)')
    .requiredOption('--root <file>', 'trusted root(s): any format, several per file (repeatable)', collect)
    .option('--untrusted <file>', 'intermediates to build the path from, any order and format (repeatable)', collect)
    .option('--at <time>', 'validate at this ISO-8601 time instead of now')
    .addOption(new Option('--host <name>', 'the DNS name the certificate must hold').conflicts(['ip', 'email']))
    .addOption(new Option('--ip <address>', 'the IP address the certificate must hold').conflicts(['email']))
    .option('--email <address>', 'the email address the certificate must hold')
    .addOption(
      new Option('--purpose <purpose>', 'what the certificate is for')
        .choices(['server', 'client', 'any'])
        .default('server'),
    )
    .option(
      '--crl <file>',
      'CRL to check revocation with (RFC 5280 §6.3: distribution points, indirect, delta; repeatable)',
      collect,
    )
    .option('--ocsp-response <file>', 'DER OCSP response for a certificate of the path (repeatable)', collect)
    .option(
      '--fetch-revocation',
      'fetch CRLs (http distribution points) and OCSP responses (AIA) for the path; HTTP(S)_PROXY and NO_PROXY apply',
    )
    .addOption(
      new Option(
        '--revocation <mode>',
        'an undetermined revocation status: hard-fail (default once --crl/--ocsp-response is given), soft-fail, off',
      ).choices(['off', 'soft-fail', 'hard-fail']),
    )
    .addOption(
      new Option(
        '--anchor-constraints <mode>',
        "the root's own constraints (RFC 5937): enforce, or ignore (name and key only)",
      )
        .choices(['enforce', 'ignore'])
        .default('enforce'),
    )
    .addOption(
      new Option('--leaf-is-anchor <accept>', 'accept a certificate that is itself among the roots (pinning)').choices([
        'accept',
      ]),
    )
    .option('--max-depth <n>', 'most intermediates a path may hold', parsePositiveInteger)
    .addOption(
      new Option(
        '--profile <profile>',
        'validation rules: RFC 5280 §6, plus issuing-CA rules (strict), plus CA/B Forum (webpki)',
      )
        .choices(['rfc5280', 'strict', 'webpki'])
        .default('rfc5280'),
    )
    .option('--allow-weak', 'accept MD5/SHA-1 signatures and RSA keys below 2048 bits (dangerous)')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(
    command,
    'storepass',
    'password of a PKCS#12 or JKS file among the inputs (asked for only when one is; one password for all)',
  );
  return command
    .addHelpText(
      'after',
      helpFooter(
        [
          'certwright chain verify --cert server.crt --root root.crt --untrusted ca1.crt --untrusted ca2.crt --host ovoc.example.com',
          'certwright chain verify --cert fullchain.pem --root enterprise-roots.p7b --at 2030-01-01T00:00:00Z --json',
          'certwright chain verify --cert device.crt --root root.crt --purpose client --crl ca.crl',
          'certwright chain verify --cert server.crt --root root.crt --untrusted ca.crt --ocsp-response server.ocsp --revocation soft-fail',
          'certwright chain verify --cert server.crt --root truststore.jks --storepass-file store-pass.txt',
        ],
        [0, 1, 2, 3, 70],
      ),
    )
    .action(async (raw: Record<string, unknown>) =>
      runner.run(
        'chain verify',
        toChainVerifyOptions(raw),
        async () => (await import('../../actions/chain/verify.js')).chainVerify,
      ),
    );
}

export function toChainVerifyOptions(raw: Record<string, unknown>): ChainVerifyOptions {
  return {
    cert: raw.cert as string,
    roots: raw.root as string[],
    untrusted: (raw.untrusted as string[] | undefined) ?? [],
    at: raw.at as string | undefined,
    host: raw.host as string | undefined,
    ip: raw.ip as string | undefined,
    email: raw.email as string | undefined,
    purpose: raw.purpose as ChainVerifyOptions['purpose'],
    crls: (raw.crl as string[] | undefined) ?? [],
    ocspResponses: (raw.ocspResponse as string[] | undefined) ?? [],
    revocation: raw.revocation as ChainVerifyOptions['revocation'],
    anchorConstraints: (raw.anchorConstraints as ChainVerifyOptions['anchorConstraints'] | undefined) ?? 'enforce',
    leafIsAnchor: raw.leafIsAnchor === 'accept' ? 'accept' : 'refuse',
    fetchRevocation: raw.fetchRevocation === true,
    maxDepth: raw.maxDepth as number | undefined,
    profile: raw.profile as ChainVerifyOptions['profile'],
    allowWeak: raw.allowWeak === true,
    storepass: secretSource(raw, 'storepass'),
    json: raw.json === true,
  };
}

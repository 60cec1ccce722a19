import { Command, Option } from 'commander';
import type { VerifyOptions } from '../actions/verify.js';
import type { Runner } from '../runner.js';
import { addSecretOptions, collect, helpFooter, parseNonNegativeInteger, secretSource } from './options.js';

/** `certwright verify`: workflow steps 6 and 7 on the server certificate directory. */
export function verifyCommand(runner: Runner): Command {
  const command = new Command('verify')
    .description(
      'Check the server certificate directory (steps 6–7): PEM files, chain, order, key, expiry, and what a server actually serves',
    )
    .requiredOption('--dir <dir>', 'the server certificate directory (root.crt, ca1.crt, ca2.crt, server.crt)')
    .option('--key <file>', "the server's private key, to check it matches server.crt")
    .option('--host <name>', 'the DNS name server.crt must hold')
    .option('--at <time>', 'check at this ISO-8601 time instead of now')
    .option(
      '--connect <host:port>',
      'also make a TLS handshake: compare the served chain with the files, and check a stapled OCSP response',
    )
    .option('--ocsp-response <file>', 'DER OCSP response for a certificate of the set (repeatable)', collect)
    .option(
      '--fetch-revocation',
      'fetch CRLs (http distribution points) and OCSP responses (AIA) for the chain; HTTP(S)_PROXY and NO_PROXY apply',
    )
    .addOption(
      new Option(
        '--revocation <mode>',
        'an undetermined revocation status: hard-fail (default once --ocsp-response is given), soft-fail, off',
      ).choices(['off', 'soft-fail', 'hard-fail']),
    )
    .addOption(
      new Option('--anchor-constraints <mode>', "root.crt's own constraints (RFC 5937): enforce, or ignore")
        .choices(['enforce', 'ignore'])
        .default('enforce'),
    )
    .addOption(
      new Option('--profile <profile>', 'validation rules').choices(['rfc5280', 'strict', 'webpki']).default('rfc5280'),
    )
    .option('--warn-days <n>', 'warn when a certificate expires within this many days', parseNonNegativeInteger, 30)
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'passphrase', 'passphrase of the private key');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright verify --dir server_certs --key server.key --passphrase-file pass.txt --host ovoc.example.com',
        'certwright verify --dir server_certs --connect ovoc.example.com:443 --warn-days 60 --json',
        'certwright verify --dir server_certs --connect ovoc.example.com:443 --revocation soft-fail',
      ],
      [0, 1, 2, 3, 4, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run('verify', toVerifyOptions(raw), async () => (await import('../actions/verify.js')).verifyDirectory),
  );
}

export function toVerifyOptions(raw: Record<string, unknown>): VerifyOptions {
  return {
    dir: raw.dir as string,
    key: raw.key as string | undefined,
    host: raw.host as string | undefined,
    at: raw.at as string | undefined,
    connect: raw.connect as string | undefined,
    ocspResponses: (raw.ocspResponse as string[] | undefined) ?? [],
    fetchRevocation: raw.fetchRevocation === true,
    revocation: raw.revocation as VerifyOptions['revocation'],
    anchorConstraints: (raw.anchorConstraints as VerifyOptions['anchorConstraints'] | undefined) ?? 'enforce',
    profile: (raw.profile as VerifyOptions['profile'] | undefined) ?? 'rfc5280',
    warnDays: raw.warnDays as number,
    passphrase: secretSource(raw, 'passphrase'),
    json: raw.json === true,
  };
}

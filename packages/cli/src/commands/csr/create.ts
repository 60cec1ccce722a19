import { Command, Option } from 'commander';
import type { CsrCreateOptions } from '../../actions/csr/create.js';
import type { Runner } from '../../runner.js';
import { addSecretOptions, collect, helpFooter, secretSource } from '../options.js';

/** `certwright csr create`: workflow step 2. */
export function csrCreateCommand(runner: Runner): Command {
  const command = new Command('create')
    .description("Create a certificate signing request (step 2) from a private key and the organisation's details")
    .requiredOption('--key <file>', 'the private key (PKCS#8 or legacy PEM, or DER)')
    .requiredOption('--out <file>', 'where to write the CSR (PEM)')
    .requiredOption('--cn <name>', 'subject common name, e.g. the server FQDN')
    .option('--o <org>', 'subject organisation (O)')
    .option('--ou <unit>', 'subject organisational unit (OU)')
    .option('--l <locality>', 'subject locality (L)')
    .option('--st <state>', 'subject state or province (ST)')
    .option('--c <country>', 'subject country, two letters (C)')
    .option('--email <address>', 'subject emailAddress')
    .option('--san <kind:value>', 'subject alternative name: dns:…, ip:…, email:… or uri:… (repeatable)', collect)
    .option('--no-default-san', 'do not add the common name as a SAN when no --san is given')
    .option(
      '--key-usage <name>',
      'requested key usage, e.g. digitalSignature (repeatable; default by key type)',
      collect,
    )
    .option('--eku <name>', 'requested extended key usage (repeatable; default serverAuth and clientAuth)', collect)
    .addOption(new Option('--hash <alg>', 'signature hash').choices(['sha256', 'sha384', 'sha512']).default('sha256'))
    .option('--force', 'overwrite the output file if it exists')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'passphrase', 'passphrase of the private key');
  addSecretOptions(command, 'challenge-password', 'PKCS#9 challenge password to put in the CSR');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright csr create --key server.key --out server.csr --cn ovoc.example.com --o Example --c US \\\n      --san dns:ovoc.example.com --san ip:10.1.2.3 --passphrase-file pass.txt',
        'certwright csr create --key server.key --out server.csr --cn ovoc.example.com --san dns:ovoc-a.example.com --san dns:ovoc-b.example.com',
      ],
      [0, 2, 3, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run(
      'csr create',
      toCsrCreateOptions(raw),
      async () => (await import('../../actions/csr/create.js')).csrCreate,
    ),
  );
}

export function toCsrCreateOptions(raw: Record<string, unknown>): CsrCreateOptions {
  const challenge = secretSource(raw, 'challengePassword');
  return {
    key: raw.key as string,
    out: raw.out as string,
    subject: {
      cn: raw.cn as string,
      o: raw.o as string | undefined,
      ou: raw.ou as string | undefined,
      l: raw.l as string | undefined,
      st: raw.st as string | undefined,
      c: raw.c as string | undefined,
      email: raw.email as string | undefined,
    },
    sans: (raw.san as string[] | undefined) ?? [],
    defaultSan: raw.defaultSan !== false,
    keyUsage: raw.keyUsage as string[] | undefined,
    extendedKeyUsage: raw.eku as string[] | undefined,
    hash: `SHA-${(raw.hash as string).slice(3)}` as CsrCreateOptions['hash'],
    passphrase: secretSource(raw, 'passphrase'),
    challengePassword:
      challenge.file !== undefined || challenge.env !== undefined || challenge.fd !== undefined ? challenge : undefined,
    force: raw.force === true,
    json: raw.json === true,
  };
}

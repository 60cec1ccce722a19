import { Command, Option } from 'commander';
import type { KeystoreCreateOptions } from '../../actions/keystore/create.js';
import type { Runner } from '../../runner.js';
import { addSecretOptions, collect, helpFooter, secretSource } from '../options.js';

/** `certwright keystore create`: a private key and its chain as PKCS#12 or JKS. */
export function keystoreCreateCommand(runner: Runner): Command {
  const command = new Command('create')
    .description('Put a private key with its certificate and chain into a new PKCS#12 or JKS key store (mode 0600)')
    .addOption(new Option('--format <format>', 'key store format').choices(['p12', 'jks']).makeOptionMandatory())
    .requiredOption('--key <file>', 'the private key')
    .requiredOption('--cert <file>', 'the certificate of the key (leaf first if the file holds a chain)')
    .option('--chain <file>', 'intermediate and root certificates, leaf to root (repeat)', collect, [])
    .requiredOption('--out <file>', 'the key store to write (mode 0600)')
    .option('--alias <alias>', 'alias of the key entry (default: subject CN of the certificate)')
    .addOption(
      new Option('--preset <preset>', 'PKCS#12 protection: modern (AES-256, default) or compat (3DES, SHA-1)').choices([
        'modern',
        'compat',
      ]),
    )
    .option('--force', 'overwrite the output file if it exists')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'passphrase', 'passphrase of the private key');
  addSecretOptions(command, 'storepass', 'password of the new store (also protects the key)');
  addSecretOptions(command, 'inpass', 'password of PKCS#12 certificate inputs (asked for only then)');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright keystore create --format p12 --key server.key --cert server.crt --chain ca1.crt --chain root.crt --out server.p12 --storepass-file store-pass.txt',
        'certwright keystore create --format jks --key server.key --passphrase-env KEYPASS --cert server.crt --out server.jks --alias tomcat --storepass-env STOREPASS --json',
      ],
      [0, 1, 2, 3, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run(
      'keystore create',
      toKeystoreCreateOptions(raw),
      async () => (await import('../../actions/keystore/create.js')).keystoreCreate,
    ),
  );
}

export function toKeystoreCreateOptions(raw: Record<string, unknown>): KeystoreCreateOptions {
  return {
    format: raw.format as KeystoreCreateOptions['format'],
    key: raw.key as string,
    passphrase: secretSource(raw, 'passphrase'),
    cert: raw.cert as string,
    chain: (raw.chain as string[] | undefined) ?? [],
    out: raw.out as string,
    alias: raw.alias as string | undefined,
    preset: raw.preset as KeystoreCreateOptions['preset'],
    storepass: secretSource(raw, 'storepass'),
    inpass: secretSource(raw, 'inpass'),
    force: raw.force === true,
    json: raw.json === true,
  };
}

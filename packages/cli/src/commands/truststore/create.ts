import { Command, Option } from 'commander';
import type { TruststoreCreateOptions } from '../../actions/truststore/create.js';
import type { Runner } from '../../runner.js';
import { addSecretOptions, collect, helpFooter, secretSource } from '../options.js';

/** `certwright truststore create`: a PEM, PKCS#12 or JKS trust store from certificate files. */
export function truststoreCreateCommand(runner: Runner): Command {
  const command = new Command('create')
    .description(
      'Put every certificate of the input files (PEM, DER, PKCS#7, PKCS#12) into a new trust store: a PEM bundle, PKCS#12 or JKS',
    )
    .argument('<files...>', 'certificate files, any format')
    .addOption(
      new Option('--format <format>', 'trust store format').choices(['pem', 'p12', 'jks']).makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'the trust store to write (mode 0644)')
    .addOption(
      new Option('--preset <preset>', 'PKCS#12 protection: modern (AES-256, default) or compat (3DES, SHA-1)').choices([
        'modern',
        'compat',
      ]),
    )
    .option(
      '--alias <alias>',
      'alias of the next certificate, in input order (repeat; default: subject CN)',
      collect,
      [],
    )
    .option('--force', 'overwrite the output file if it exists')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'storepass', 'password of the new store (p12 and jks)');
  addSecretOptions(command, 'inpass', 'password of PKCS#12 inputs (asked for only then)');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright truststore create --format jks --out truststore.jks --storepass-file store-pass.txt root.crt ca1.crt',
        'certwright truststore create --format p12 --out truststore.p12 --storepass-env STOREPASS --alias root --alias ca1 root.crt ca1.crt',
        'certwright truststore create --format pem --out trusted.pem ca-reply.p7b --json',
      ],
      [0, 2, 3, 70],
    ),
  );
  return command.action(async (files: string[], raw: Record<string, unknown>) =>
    runner.run(
      'truststore create',
      toTruststoreCreateOptions(files, raw),
      async () => (await import('../../actions/truststore/create.js')).truststoreCreate,
    ),
  );
}

export function toTruststoreCreateOptions(files: string[], raw: Record<string, unknown>): TruststoreCreateOptions {
  return {
    files,
    format: raw.format as TruststoreCreateOptions['format'],
    out: raw.out as string,
    preset: raw.preset as TruststoreCreateOptions['preset'],
    aliases: (raw.alias as string[] | undefined) ?? [],
    storepass: secretSource(raw, 'storepass'),
    inpass: secretSource(raw, 'inpass'),
    force: raw.force === true,
    json: raw.json === true,
  };
}

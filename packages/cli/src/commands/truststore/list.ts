import { Command } from 'commander';
import type { TruststoreListOptions } from '../../actions/truststore/list.js';
import type { Runner } from '../../runner.js';
import { addSecretOptions, helpFooter, secretSource } from '../options.js';

/** `certwright truststore list`: the entries of a JKS, PKCS#12 or certificate file. */
export function truststoreListCommand(runner: Runner): Command {
  const command = new Command('list')
    .description(
      'List the entries of a trust store or key store (JKS, PKCS#12, PEM, DER, PKCS#7): alias, type, subject, SHA-256, notAfter',
    )
    .argument('<file>', 'the store')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'storepass', 'store password (JKS and PKCS#12)');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright truststore list truststore.jks --storepass-file store-pass.txt',
        'certwright truststore list truststore.p12 --storepass-env STOREPASS --json',
        'certwright truststore list trusted.pem',
      ],
      [0, 2, 3, 70],
    ),
  );
  return command.action(async (file: string, raw: Record<string, unknown>) =>
    runner.run(
      'truststore list',
      toTruststoreListOptions(file, raw),
      async () => (await import('../../actions/truststore/list.js')).truststoreList,
    ),
  );
}

export function toTruststoreListOptions(file: string, raw: Record<string, unknown>): TruststoreListOptions {
  return { file, storepass: secretSource(raw, 'storepass'), json: raw.json === true };
}

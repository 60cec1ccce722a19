import { Command } from 'commander';
import type { TruststoreAddOptions, TruststoreRemoveOptions } from '../../actions/truststore/modify.js';
import type { Runner } from '../../runner.js';
import { addSecretOptions, helpFooter, secretSource } from '../options.js';

/** `certwright truststore add`: one trusted certificate into a JKS or PKCS#12 store. */
export function truststoreAddCommand(runner: Runner): Command {
  const command = new Command('add')
    .description(
      'Add one trusted certificate to a JKS or PKCS#12 store, rewriting it atomically; every other entry is kept as it was',
    )
    .argument('<store>', 'the JKS or PKCS#12 store to modify')
    .argument('<certificate>', 'a file holding exactly one certificate, any format')
    .requiredOption('--alias <alias>', 'alias of the new entry')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'storepass', 'store password');
  addSecretOptions(command, 'inpass', 'password of a PKCS#12 certificate input (asked for only then)');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright truststore add truststore.jks --alias partner-root partner-root.crt --storepass-file store-pass.txt',
        'certwright truststore add truststore.p12 --alias ad-root ad-root.cer --storepass-env STOREPASS',
      ],
      [0, 2, 3, 70],
    ),
  );
  return command.action(async (store: string, certificate: string, raw: Record<string, unknown>) =>
    runner.run(
      'truststore add',
      toTruststoreAddOptions(store, certificate, raw),
      async () => (await import('../../actions/truststore/modify.js')).truststoreAdd,
    ),
  );
}

export function toTruststoreAddOptions(
  file: string,
  certificate: string,
  raw: Record<string, unknown>,
): TruststoreAddOptions {
  return {
    file,
    certificate,
    alias: raw.alias as string,
    storepass: secretSource(raw, 'storepass'),
    inpass: secretSource(raw, 'inpass'),
    json: raw.json === true,
  };
}

/** `certwright truststore remove`: one entry out of a JKS or PKCS#12 store. */
export function truststoreRemoveCommand(runner: Runner): Command {
  const command = new Command('remove')
    .description(
      'Remove one entry from a JKS or PKCS#12 store (a key entry goes with its certificate), rewriting it atomically',
    )
    .argument('<store>', 'the JKS or PKCS#12 store to modify')
    .requiredOption('--alias <alias>', 'alias of the entry to remove')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'storepass', 'store password');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright truststore remove truststore.jks --alias old-root --storepass-file store-pass.txt',
        'certwright truststore remove truststore.p12 --alias old-root --storepass-env STOREPASS',
      ],
      [0, 2, 3, 70],
    ),
  );
  return command.action(async (store: string, raw: Record<string, unknown>) =>
    runner.run(
      'truststore remove',
      toTruststoreRemoveOptions(store, raw),
      async () => (await import('../../actions/truststore/modify.js')).truststoreRemove,
    ),
  );
}

export function toTruststoreRemoveOptions(file: string, raw: Record<string, unknown>): TruststoreRemoveOptions {
  return { file, alias: raw.alias as string, storepass: secretSource(raw, 'storepass'), json: raw.json === true };
}

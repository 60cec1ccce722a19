import { Command } from 'commander';
import type { InspectOptions } from '../actions/inspect.js';
import type { Runner } from '../runner.js';
import { addSecretOptions, helpFooter, secretSource } from './options.js';

/** `certwright inspect`: what a file is, and every certificate, CSR and key in it. */
export function inspectCommand(runner: Runner): Command {
  const command = new Command('inspect')
    .description(
      'Say what a file is (PEM, DER, PKCS#7, PKCS#12) and describe each certificate (subject, issuer, serial, validity, SANs, key, SHA-256, CA or leaf), CSR and key; never prints key material',
    )
    .argument('<file>', 'a certificate, chain, CSR, key, .p7b or .pfx/.p12 file')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'storepass', 'PKCS#12 store password (asked for only when the file is PKCS#12)');
  addSecretOptions(command, 'passphrase', 'key passphrase (asked for only when the key is encrypted)');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright inspect server.crt',
        'certwright inspect ca-reply.p7b --json | jq ".certificates[].subject"',
        'certwright inspect server.pfx --storepass-file store-pass.txt',
        'certwright inspect server.key --passphrase-env CW_PASS',
      ],
      [0, 2, 3, 70],
    ),
  );
  return command.action(async (file: string, raw: Record<string, unknown>) =>
    runner.run('inspect', toInspectOptions(file, raw), async () => (await import('../actions/inspect.js')).inspect),
  );
}

export function toInspectOptions(file: string, raw: Record<string, unknown>): InspectOptions {
  return {
    file,
    storepass: secretSource(raw, 'storepass'),
    passphrase: secretSource(raw, 'passphrase'),
    json: raw.json === true,
  };
}

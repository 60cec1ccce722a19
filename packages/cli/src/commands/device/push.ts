import { Command, Option } from 'commander';
import type { DevicePushOptions } from '../../actions/device/push.js';
import type { Runner } from '../../runner.js';
import { addDeviceAccessOptions, deviceAccessValues } from './access-options.js';
import {
  addSecretOptions,
  collect,
  helpFooter,
  parseNonNegativeInteger,
  parsePositiveInteger,
  secretSource,
} from '../options.js';

/** `certwright device push`: workflow step 8 on Mediant devices over their REST API. */
export function devicePushCommand(runner: Runner): Command {
  const command = new Command('push')
    .description(
      'Load board_cert.pem, board_pkey.pem and root.pem onto devices and set AUPDVerifyCertificates = 1 (step 8); verified before it is saved, rolled back or reported',
    )
    .requiredOption('--inventory <file>', 'devices (CSV, JSON or YAML)')
    .requiredOption('--cert <file>', 'board_cert.pem: the device certificate')
    .requiredOption('--key <file>', 'board_pkey.pem: its private key')
    .requiredOption('--root <file>', 'root.pem: the root(s) the devices trust afterwards')
    .option('--device <name>', 'only this device (repeatable)', collect, [])
    .option(
      '--tls-context <n>',
      'TLS context for every device (default: the inventory, else 0)',
      parseNonNegativeInteger,
    )
    .addOption(
      new Option('--roots <how>', 'add the pushed roots to each store, or replace the whole store')
        .choices(['add', 'replace'])
        .default('add'),
    )
    .option('--mutual', 'also HTTPSRequireClientCertificate = 1 (needs --allow-reset, --client-cert, --client-key)')
    .option('--client-cert <file>', '--mutual: the client certificate Certwright reconnects with')
    .option('--client-key <file>', '--mutual: its private key')
    .option('--concurrency <n>', 'devices at a time', parsePositiveInteger, 32)
    .option('--dry-run', 'print the requests each device would get; contact no device')
    .option('--report <file>', 'write the JSON report here')
    .option('--force', 'overwrite the report file if it exists')
    .option('--allow-reset', 'allow resetting devices (drops calls): --mutual, and rollback on devices that revert')
    .option('--json', 'print the report as JSON on stdout');
  addSecretOptions(command, 'passphrase', 'passphrase of the board key');
  addSecretOptions(command, 'client-key-passphrase', 'passphrase of the client key');
  addDeviceAccessOptions(command);
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright device push --inventory devices.csv --cert board_cert.pem --key board_pkey.pem --passphrase-file pass.txt --root root.pem --ca-file factory-ca.pem',
        'certwright device push --inventory devices.yaml --cert board_cert.pem --key board_pkey.pem --root root.pem --dry-run',
        'certwright device push --inventory devices.csv --cert board_cert.pem --key board_pkey.pem --root root.pem --ca-file factory-ca.pem --mutual --client-cert ovoc-client.pem --client-key ovoc-client.key --allow-reset --report push.json',
      ],
      [0, 1, 2, 3, 4, 5, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run(
      'device push',
      toDevicePushOptions(raw),
      async () => (await import('../../actions/device/push.js')).devicePush,
    ),
  );
}

/** commander's values → the handler's typed options. */
export function toDevicePushOptions(raw: Record<string, unknown>): DevicePushOptions {
  return {
    ...deviceAccessValues(raw),
    inventory: raw.inventory as string,
    devices: (raw.device as string[] | undefined) ?? [],
    cert: raw.cert as string,
    key: raw.key as string,
    passphrase: secretSource(raw, 'passphrase'),
    root: raw.root as string,
    tlsContext: raw.tlsContext as number | undefined,
    roots: raw.roots as 'add' | 'replace',
    mutual: raw.mutual === true,
    clientCert: raw.clientCert as string | undefined,
    clientKey: raw.clientKey as string | undefined,
    clientKeyPassphrase: secretSource(raw, 'clientKeyPassphrase'),
    concurrency: raw.concurrency as number,
    dryRun: raw.dryRun === true,
    report: raw.report as string | undefined,
    force: raw.force === true,
    allowReset: raw.allowReset === true,
    json: raw.json === true,
  };
}

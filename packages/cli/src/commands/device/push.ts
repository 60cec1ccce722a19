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
    .option(
      '--mutual',
      "also HTTPSRequireClientCertificate = 1: the device's web/REST interface demands client certificates (needs --allow-reset, --client-cert, --client-key; not the OVOC-device mutual authentication, which AUPDVerifyCertificates turns on)",
    )
    .option('--client-cert <file>', '--mutual: the client certificate Certwright reconnects with')
    .option('--client-key <file>', '--mutual: its private key')
    .option('--concurrency <n>', 'devices at a time', parsePositiveInteger, 32)
    .option('--dry-run', 'print the requests each device would get; contact no device')
    .option('--report <file>', 'write the JSON report here')
    .option('--force', 'overwrite the report file if it exists')
    .option(
      '--allow-reset',
      'allow resetting devices (drops calls): firmware that applies a new certificate at a reset, --mutual, --allow-ha, rollback',
    )
    .option(
      '--allow-ha',
      'push to HA pairs: the active unit, then a switchover to verify the other (needs --allow-reset)',
    )
    .option('--leaf-only', 'upload board_cert.pem without its intermediates')
    .option(
      '--allow-weak-board-key',
      "accept RSA keys below 2048 bits and SHA-1 signatures (OVOC's default board files)",
    )
    .option(
      '--ovoc-cert <file>',
      "OVOC's certificate, then files with its intermediates (repeatable): checked to chain to --root before verification is switched on",
      collect,
      [],
    )
    .option('--ovoc-url <url>', "OVOC's HTTPS address: its certificate, from a handshake, checked like --ovoc-cert")
    .option('--cloud-architecture', 'OVOC runs in Cloud Architecture mode: --mutual is refused there')
    .option(
      '--max-clock-skew <seconds>',
      'refuse a device whose clock is further from ours',
      parseNonNegativeInteger,
      300,
    )
    .option(
      '--busy-wait <seconds>',
      'how long one request may keep meeting 409 (HA synchronisation)',
      parsePositiveInteger,
      300,
    )
    .option(
      '--max-auth-failures <n>',
      'stop after this many devices in a row refuse the credentials (401)',
      parsePositiveInteger,
      3,
    )
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
        'certwright device push --inventory devices.csv --cert board/board_cert.pem --key board/board_pkey.pem --passphrase-file pass.txt --root board/root.pem --ca-file factory-ca.pem --ovoc-url https://ovoc.example.com --allow-reset',
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
    allowHa: raw.allowHa === true,
    leafOnly: raw.leafOnly === true,
    allowWeakBoardKey: raw.allowWeakBoardKey === true,
    ovocCert: (raw.ovocCert as string[] | undefined) ?? [],
    ovocUrl: raw.ovocUrl as string | undefined,
    cloudArchitecture: raw.cloudArchitecture === true,
    maxClockSkewSeconds: raw.maxClockSkew as number,
    busyWaitSeconds: raw.busyWait as number,
    maxAuthFailures: raw.maxAuthFailures as number,
    json: raw.json === true,
  };
}

import { Command } from 'commander';
import type { DeviceStatusOptions } from '../../actions/device/status.js';
import type { Runner } from '../../runner.js';
import { addDeviceAccessOptions, deviceAccessValues } from './access-options.js';
import { addSecretOptions, collect, helpFooter, parsePositiveInteger, secretSource } from '../options.js';

/** `certwright device status`: read-only look at what each device serves and how it is set. */
export function deviceStatusCommand(runner: Runner): Command {
  const command = new Command('status')
    .description(
      'Read-only: the certificate each device serves (fingerprint, expiry, trusted or not), AUPDVerifyCertificates, HTTPSRequireClientCertificate and saveNeeded',
    )
    .requiredOption('--inventory <file>', 'devices (CSV, JSON or YAML)')
    .option('--device <name>', 'only this device (repeatable)', collect, [])
    .option('--cert <file>', 'also trust devices serving exactly this certificate (e.g. the board_cert.pem pushed)')
    .option('--client-cert <file>', 'present this client certificate (devices that demand one after --mutual)')
    .option('--client-key <file>', 'the private key of --client-cert')
    .option('--concurrency <n>', 'devices at a time', parsePositiveInteger, 32)
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'client-key-passphrase', 'passphrase of the client key');
  addDeviceAccessOptions(command);
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright device status --inventory devices.csv --ca-file factory-ca.pem',
        'certwright device status --inventory devices.yaml --cert board_cert.pem --password-env DEVICE_PW --json',
        'certwright device status --inventory devices.csv --cert board_cert.pem --client-cert ovoc-client.pem --client-key ovoc-client.key',
      ],
      [0, 2, 3, 4, 5, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run(
      'device status',
      toDeviceStatusOptions(raw),
      async () => (await import('../../actions/device/status.js')).deviceStatus,
    ),
  );
}

/** commander's values → the handler's typed options. */
export function toDeviceStatusOptions(raw: Record<string, unknown>): DeviceStatusOptions {
  return {
    ...deviceAccessValues(raw),
    inventory: raw.inventory as string,
    devices: (raw.device as string[] | undefined) ?? [],
    cert: raw.cert as string | undefined,
    clientCert: raw.clientCert as string | undefined,
    clientKey: raw.clientKey as string | undefined,
    clientKeyPassphrase: secretSource(raw, 'clientKeyPassphrase'),
    concurrency: raw.concurrency as number,
    json: raw.json === true,
  };
}

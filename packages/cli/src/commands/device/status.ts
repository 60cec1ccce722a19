import { Command } from 'commander';
import type { DeviceStatusOptions } from '../../actions/device/status.js';
import type { Runner } from '../../runner.js';
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
    .option('--ca-file <file>', "CA bundle that verifies the devices' TLS certificates")
    .option('--client-cert <file>', 'present this client certificate (devices that demand one after --mutual)')
    .option('--client-key <file>', 'the private key of --client-cert')
    .option('--insecure-skip-tls-verify', 'do not verify device TLS certificates (dangerous)')
    .option('--allow-http', 'allow inventory rows with protocol http (credentials in clear)')
    .option('--allow-plaintext-passwords', 'accept a password column in the inventory')
    .option('--concurrency <n>', 'devices at a time', parsePositiveInteger, 32)
    .option('--timeout <seconds>', 'per-request timeout', parsePositiveInteger, 15)
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'client-key-passphrase', 'passphrase of the client key');
  addSecretOptions(command, 'password', 'device password for rows without password_env/password_file');
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
    inventory: raw.inventory as string,
    devices: (raw.device as string[] | undefined) ?? [],
    cert: raw.cert as string | undefined,
    caFile: raw.caFile as string | undefined,
    clientCert: raw.clientCert as string | undefined,
    clientKey: raw.clientKey as string | undefined,
    clientKeyPassphrase: secretSource(raw, 'clientKeyPassphrase'),
    insecureSkipTlsVerify: raw.insecureSkipTlsVerify === true,
    allowHttp: raw.allowHttp === true,
    allowPlaintextPasswords: raw.allowPlaintextPasswords === true,
    concurrency: raw.concurrency as number,
    timeoutSeconds: raw.timeout as number,
    password: secretSource(raw, 'password'),
    json: raw.json === true,
  };
}

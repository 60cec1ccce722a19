import { Command, Option } from 'commander';
import type { DeviceEnrollOptions } from '../../actions/device/enroll.js';
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

/** `certwright device enroll`: per-device keys made on the devices; only certificates travel. */
export function deviceEnrollCommand(runner: Runner): Command {
  const command = new Command('enroll')
    .description(
      'Per-device keys: each device generates its key and CSR; sign it with a lab CA (device names added as SANs), or write the CSRs for the enterprise CA and upload its certificates later',
    )
    .requiredOption('--inventory <file>', 'devices (CSV, JSON or YAML)')
    .option('--device <name>', 'only this device (repeatable)', collect, [])
    .addOption(
      new Option('--ca-dir <dir>', 'sign each CSR with this lab CA (made by `ca init`)').conflicts([
        'csrOut',
        'certDir',
      ]),
    )
    .addOption(
      new Option('--csr-out <dir>', 'write each device CSR to <dir>/<name>.csr for the enterprise CA').conflicts([
        'certDir',
      ]),
    )
    .option('--cert-dir <dir>', 'upload <dir>/<name>.crt|.pem|.cer, checked against the key each device holds')
    .requiredOption('--root <file>', 'root.pem: the roots each device trusts afterwards')
    .addOption(
      new Option('--key-size <bits>', 'RSA key size the devices generate')
        .choices(['2048', '3072', '4096'])
        .default('2048'),
    )
    .option(
      '--tls-context <n>',
      'TLS context for every device (default: the inventory, else 0)',
      parseNonNegativeInteger,
    )
    .option('--days <n>', '--ca-dir: certificate validity in days', parsePositiveInteger, 397)
    .option('--concurrency <n>', 'devices at a time', parsePositiveInteger, 16)
    .option(
      '--allow-reset',
      'reset a device whose firmware serves a new certificate only after a reset (drops its calls)',
    )
    .option(
      '--keygen-timeout <seconds>',
      'how long a device may take to make its key (never retried: each try makes another key)',
      parsePositiveInteger,
      120,
    )
    .option('--report <file>', 'write the JSON report here')
    .option('--force', 'overwrite CSR and report files that exist')
    .option('--json', 'print the report as JSON on stdout');
  addSecretOptions(command, 'ca-passphrase', 'passphrase of the lab CA key');
  addDeviceAccessOptions(command);
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright device enroll --inventory devices.csv --ca-dir lab-ca --ca-passphrase-file ca-pass.txt --root root.pem --ca-file factory-ca.pem',
        'certwright device enroll --inventory devices.yaml --csr-out csrs --root root.pem --ca-file factory-ca.pem',
        'certwright device enroll --inventory devices.yaml --cert-dir signed --root root.pem --ca-file factory-ca.pem --report enroll.json',
      ],
      [0, 2, 3, 4, 5, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run(
      'device enroll',
      toDeviceEnrollOptions(raw),
      async () => (await import('../../actions/device/enroll.js')).deviceEnroll,
    ),
  );
}

/** commander's values → the handler's typed options. */
export function toDeviceEnrollOptions(raw: Record<string, unknown>): DeviceEnrollOptions {
  return {
    ...deviceAccessValues(raw),
    inventory: raw.inventory as string,
    devices: (raw.device as string[] | undefined) ?? [],
    caDir: raw.caDir as string | undefined,
    caPassphrase: secretSource(raw, 'caPassphrase'),
    csrOut: raw.csrOut as string | undefined,
    certDir: raw.certDir as string | undefined,
    root: raw.root as string,
    keySize: Number(raw.keySize) as DeviceEnrollOptions['keySize'],
    tlsContext: raw.tlsContext as number | undefined,
    days: raw.days as number,
    concurrency: raw.concurrency as number,
    keygenTimeoutSeconds: raw.keygenTimeout as number,
    allowReset: raw.allowReset === true,
    report: raw.report as string | undefined,
    force: raw.force === true,
    json: raw.json === true,
  };
}

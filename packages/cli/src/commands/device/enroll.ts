import { commandSpec, flag, integer, mapped, type OptionsOf, secret, text } from '../../spec/index.js';
import { deviceReach, deviceSelection } from './access-options.js';

/** `certwright device enroll`: per-device keys made on the devices; only certificates travel. */
export const deviceEnrollSpec = commandSpec({
  path: ['device', 'enroll'],
  description:
    'Per-device keys: each device generates its key and CSR; sign it with a lab CA (device names added as SANs), or write the CSRs for the enterprise CA and upload its certificates later',
  // In the order the command that completes an enrolment on one device repeats them.
  options: {
    ...deviceSelection(),
    caDir: text('--ca-dir <dir>', 'sign each CSR with this lab CA (made by `ca init`)').conflicts('csrOut', 'certDir'),
    caPassphrase: secret('ca-passphrase', 'passphrase of the lab CA key'),
    csrOut: text('--csr-out <dir>', 'write each device CSR to <dir>/<name>.csr for the enterprise CA').conflicts(
      'certDir',
    ),
    certDir: text('--cert-dir <dir>', 'upload <dir>/<name>.crt|.pem|.cer, checked against the key each device holds'),
    root: text('--root <file>', 'root.pem: the roots each device trusts afterwards').required(),
    keySize: mapped('--key-size <bits>', 'RSA key size the devices generate', {
      2048: 2048,
      3072: 3072,
      4096: 4096,
    }).default(2048),
    tlsContext: integer('--tls-context <n>', 'TLS context for every device (default: the inventory, else 0)'),
    days: integer('--days <n>', '--ca-dir: certificate validity in days', 1).default(397),
    concurrency: integer('--concurrency <n>', 'devices at a time', 1).default(16),
    allowReset: flag(
      '--allow-reset',
      'reset a device whose firmware serves a new certificate only after a reset (drops its calls)',
    ),
    keygenTimeoutSeconds: integer(
      '--keygen-timeout <seconds>',
      'how long a device may take to make its key (never retried: each try makes another key)',
      1,
    ).default(120),
    report: text('--report <file>', 'write the JSON report here'),
    force: flag('--force', 'overwrite CSR and report files that exist'),
    ...deviceReach(),
    json: flag('--json', 'print the report as JSON on stdout'),
  },
  examples: `
    certwright device enroll --inventory devices.csv --ca-dir lab-ca --ca-passphrase-file ca-pass.txt --root root.pem --ca-file factory-ca.pem
    certwright device enroll --inventory devices.yaml --csr-out csrs --root root.pem --ca-file factory-ca.pem
    certwright device enroll --inventory devices.yaml --cert-dir signed --root root.pem --ca-file factory-ca.pem --report enroll.json
  `,
  exitCodes: [0, 2, 3, 4, 5, 70],
});

export type DeviceEnrollOptions = OptionsOf<typeof deviceEnrollSpec>;

import { choice, commandSpec, flag, integer, list, type OptionsOf, secret, text } from '../../spec/index.js';
import { deviceReach, deviceSelection } from './access-options.js';

/** `certwright device push`: workflow step 8 on Mediant devices over their REST API. */
export const devicePushSpec = commandSpec({
  path: ['device', 'push'],
  description:
    'Load board_cert.pem, board_pkey.pem and root.pem onto devices and set AUPDVerifyCertificates = 1 (step 8); verified before it is saved, rolled back or reported',
  // In the order the command that completes a push on one device repeats them.
  options: {
    ...deviceSelection(),
    cert: text('--cert <file>', 'board_cert.pem: the device certificate').required(),
    key: text('--key <file>', 'board_pkey.pem: its private key').required(),
    root: text('--root <file>', 'root.pem: the root(s) the devices trust afterwards').required(),
    passphrase: secret('passphrase', 'passphrase of the board key'),
    tlsContext: integer('--tls-context <n>', 'TLS context for every device (default: the inventory, else 0)'),
    roots: choice('--roots <how>', 'add the pushed roots to each store, or replace the whole store', [
      'add',
      'replace',
    ]).default('add'),
    mutual: flag(
      '--mutual',
      "also HTTPSRequireClientCertificate = 1: the device's web/REST interface demands client certificates (needs --allow-reset, --client-cert, --client-key; not the OVOC-device mutual authentication, which AUPDVerifyCertificates turns on)",
    ),
    clientCert: text('--client-cert <file>', '--mutual: the client certificate Certwright reconnects with'),
    clientKey: text('--client-key <file>', '--mutual: its private key'),
    clientKeyPassphrase: secret('client-key-passphrase', 'passphrase of the client key'),
    concurrency: integer('--concurrency <n>', 'devices at a time', 1).default(32),
    dryRun: flag('--dry-run', 'print the requests each device would get; contact no device'),
    report: text('--report <file>', 'write the JSON report here'),
    force: flag('--force', 'overwrite the report file if it exists'),
    allowReset: flag(
      '--allow-reset',
      'allow resetting devices (drops calls): firmware that applies a new certificate at a reset, --mutual, --allow-ha, rollback',
    ),
    allowHa: flag(
      '--allow-ha',
      'push to HA pairs: the active unit, then a switchover to verify the other (needs --allow-reset)',
    ),
    leafOnly: flag('--leaf-only', 'upload board_cert.pem without its intermediates'),
    allowWeakBoardKey: flag(
      '--allow-weak-board-key',
      "accept RSA keys below 2048 bits and SHA-1 signatures (OVOC's default board files)",
    ),
    ovocCert: list(
      '--ovoc-cert <file>',
      "OVOC's certificate, then files with its intermediates (repeatable): checked to chain to --root before verification is switched on",
    ),
    ovocUrl: text(
      '--ovoc-url <url>',
      "OVOC's HTTPS address: its certificate, from a handshake, checked like --ovoc-cert",
    ),
    cloudArchitecture: flag('--cloud-architecture', 'OVOC runs in Cloud Architecture mode: --mutual is refused there'),
    maxClockSkewSeconds: integer(
      '--max-clock-skew <seconds>',
      'refuse a device whose clock is further from ours',
    ).default(300),
    busyWaitSeconds: integer(
      '--busy-wait <seconds>',
      'how long one request may keep meeting 409 (HA synchronisation)',
      1,
    ).default(300),
    maxAuthFailures: integer(
      '--max-auth-failures <n>',
      'stop after this many devices in a row refuse the credentials (401)',
      1,
    ).default(3),
    ...deviceReach(),
    json: flag('--json', 'print the report as JSON on stdout'),
  },
  examples: `
    certwright device push --inventory devices.csv --cert board_cert.pem --key board_pkey.pem --passphrase-file pass.txt --root root.pem --ca-file factory-ca.pem
    certwright device push --inventory devices.yaml --cert board_cert.pem --key board_pkey.pem --root root.pem --dry-run
    certwright device push --inventory devices.csv --cert board_cert.pem --key board_pkey.pem --root root.pem --ca-file factory-ca.pem --mutual --client-cert ovoc-client.pem --client-key ovoc-client.key --allow-reset --report push.json
    certwright device push --inventory devices.csv --cert board/board_cert.pem --key board/board_pkey.pem --passphrase-file pass.txt --root board/root.pem --ca-file factory-ca.pem --ovoc-url https://ovoc.example.com --allow-reset
  `,
  exitCodes: [0, 1, 2, 3, 4, 5, 70],
});

export type DevicePushOptions = OptionsOf<typeof devicePushSpec>;

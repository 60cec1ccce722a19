import { commandSpec, flag, integer, type OptionsOf, secret, text } from '../../spec/index.js';
import { deviceReach, deviceSelection } from './access-options.js';

/** `certwright device status`: read-only look at what each device serves and how it is set. */
export const deviceStatusSpec = commandSpec({
  path: ['device', 'status'],
  description:
    'Read-only: the certificate each device serves (fingerprint, expiry, trusted or not), AUPDVerifyCertificates, HTTPSRequireClientCertificate and saveNeeded',
  options: {
    ...deviceSelection(),
    cert: text('--cert <file>', 'also trust devices serving exactly this certificate (e.g. the board_cert.pem pushed)'),
    clientCert: text(
      '--client-cert <file>',
      'present this client certificate (devices that demand one after --mutual)',
    ),
    clientKey: text('--client-key <file>', 'the private key of --client-cert'),
    clientKeyPassphrase: secret('client-key-passphrase', 'passphrase of the client key'),
    concurrency: integer('--concurrency <n>', 'devices at a time', 1).default(32),
    ...deviceReach(),
    json: flag('--json', 'print the result as JSON on stdout'),
  },
  examples: `
    certwright device status --inventory devices.csv --ca-file factory-ca.pem
    certwright device status --inventory devices.yaml --cert board_cert.pem --password-env DEVICE_PW --json
    certwright device status --inventory devices.csv --cert board_cert.pem --client-cert ovoc-client.pem --client-key ovoc-client.key
  `,
  exitCodes: [0, 2, 3, 4, 5, 70],
});

export type DeviceStatusOptions = OptionsOf<typeof deviceStatusSpec>;

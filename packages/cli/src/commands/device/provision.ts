import { commandSpec, flag, integer, negated, type OptionsOf, secret, text } from '../../spec/index.js';
import { forceOption, jsonOption } from '../shared-options.js';

/** `certwright device provision`: MP-1xx devices, which have no REST API (Automatic Update or manual upload). */
export const deviceProvisionSpec = commandSpec({
  path: ['device', 'provision'],
  description:
    'MP-1xx: build the incremental ini (AUPDVerifyCertificates, ServerRespondTimeout, QOEEnableTLS, TLS file URLs) with the board files, as a bundle or served once over HTTPS',
  options: {
    inventory: text('--inventory <file>', 'devices (CSV, JSON or YAML); rows with profile mp1xx are provisioned'),
    cert: text('--cert <file>', 'board_cert.pem: the device certificate').required(),
    key: text('--key <file>', 'board_pkey.pem: its private key (sent encrypted)').required(),
    root: text('--root <file>', 'root.pem: the root the devices trust afterwards').required(),
    bundleDir: text('--bundle-dir <dir>', 'write the ini and files here for manual upload').conflicts('serve'),
    serve: flag('--serve', 'serve the files from a short-lived HTTPS endpoint the devices poll'),
    listen: text('--listen <address:port>', '--serve: where to listen, e.g. 127.0.0.1:8443 or [::1]:8443'),
    tlsCert: text(
      '--tls-cert <file>',
      "--serve: the endpoint's certificate (chained to --root, so verifying devices accept it)",
    ),
    tlsKey: text('--tls-key <file>', "--serve: the endpoint's private key"),
    credentialsOut: text(
      '--credentials-out <file>',
      '--serve: where to write the per-run credentials and IniFileURLs (0600)',
    ),
    publicHost: text(
      '--public-host <host>',
      '--serve: the host name or address devices reach the endpoint at (default: --listen)',
    ),
    timeout: integer(
      '--timeout <seconds>',
      '--serve: stop after this long even if not every device fetched its files',
      1,
    ).default(900),
    qoeTls: negated('--no-qoe-tls', 'leave out QOEEnableTLS = 1 (quality-of-experience reports over TLS)'),
    report: text('--report <file>', '--serve: write the JSON report (who fetched what, when) here'),
    force: forceOption('overwrite output files that exist'),
    json: jsonOption,
    passphrase: secret('passphrase', 'passphrase of --key'),
    tlsKeyPassphrase: secret('tls-key-passphrase', 'passphrase of --tls-key'),
  },
  examples: `
    certwright device provision --cert board_cert.pem --key board_pkey.pem --root root.pem --bundle-dir mp1xx-bundle
    certwright device provision --inventory devices.csv --cert board_cert.pem --key board_pkey.pem --root root.pem --serve --listen 10.0.0.5:8443 --tls-cert prov.crt --tls-key prov.key --credentials-out prov-credentials.yaml --timeout 1800 --report prov.json
  `,
  exitCodes: [0, 1, 2, 3, 4, 5, 70],
});

export type DeviceProvisionOptions = OptionsOf<typeof deviceProvisionSpec>;

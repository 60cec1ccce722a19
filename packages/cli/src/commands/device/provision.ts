import { Command, Option } from 'commander';
import type { DeviceProvisionOptions } from '../../actions/device/provision.js';
import type { Runner } from '../../runner.js';
import { addSecretOptions, helpFooter, parsePositiveInteger, secretSource } from '../options.js';

/** `certwright device provision`: MP-1xx devices, which have no REST API (Automatic Update or manual upload). */
export function deviceProvisionCommand(runner: Runner): Command {
  const command = new Command('provision')
    .description(
      'MP-1xx: build the incremental ini (AUPDVerifyCertificates, ServerRespondTimeout, QOEEnableTLS, TLS file URLs) with the board files, as a bundle or served once over HTTPS',
    )
    .option('--inventory <file>', 'devices (CSV, JSON or YAML); rows with profile mp1xx are provisioned')
    .requiredOption('--cert <file>', 'board_cert.pem: the device certificate')
    .requiredOption('--key <file>', 'board_pkey.pem: its private key (sent encrypted)')
    .requiredOption('--root <file>', 'root.pem: the root the devices trust afterwards')
    .addOption(new Option('--bundle-dir <dir>', 'write the ini and files here for manual upload').conflicts('serve'))
    .option('--serve', 'serve the files from a short-lived HTTPS endpoint the devices poll')
    .option('--listen <address:port>', '--serve: where to listen, e.g. 127.0.0.1:8443 or [::1]:8443')
    .option(
      '--tls-cert <file>',
      "--serve: the endpoint's certificate (chained to --root, so verifying devices accept it)",
    )
    .option('--tls-key <file>', "--serve: the endpoint's private key")
    .option('--credentials-out <file>', '--serve: where to write the per-run credentials and IniFileURLs (0600)')
    .option(
      '--public-host <host>',
      '--serve: the host name or address devices reach the endpoint at (default: --listen)',
    )
    .option(
      '--timeout <seconds>',
      '--serve: stop after this long even if not every device fetched its files',
      parsePositiveInteger,
      900,
    )
    .option('--no-qoe-tls', 'leave out QOEEnableTLS = 1 (quality-of-experience reports over TLS)')
    .option('--report <file>', '--serve: write the JSON report (who fetched what, when) here')
    .option('--force', 'overwrite output files that exist')
    .option('--json', 'print the result as JSON on stdout');
  addSecretOptions(command, 'passphrase', 'passphrase of --key');
  addSecretOptions(command, 'tls-key-passphrase', 'passphrase of --tls-key');
  command.addHelpText(
    'after',
    helpFooter(
      [
        'certwright device provision --cert board_cert.pem --key board_pkey.pem --root root.pem --bundle-dir mp1xx-bundle',
        'certwright device provision --inventory devices.csv --cert board_cert.pem --key board_pkey.pem --root root.pem --serve --listen 10.0.0.5:8443 --tls-cert prov.crt --tls-key prov.key --credentials-out prov-credentials.yaml --timeout 1800 --report prov.json',
      ],
      [0, 1, 2, 3, 4, 5, 70],
    ),
  );
  return command.action(async (raw: Record<string, unknown>) =>
    runner.run(
      'device provision',
      toDeviceProvisionOptions(raw),
      async () => (await import('../../actions/device/provision.js')).deviceProvision,
    ),
  );
}

/** commander's values → the handler's typed options. */
export function toDeviceProvisionOptions(raw: Record<string, unknown>): DeviceProvisionOptions {
  return {
    inventory: raw.inventory as string | undefined,
    cert: raw.cert as string,
    key: raw.key as string,
    passphrase: secretSource(raw, 'passphrase'),
    root: raw.root as string,
    bundleDir: raw.bundleDir as string | undefined,
    serve: raw.serve === true,
    listen: raw.listen as string | undefined,
    tlsCert: raw.tlsCert as string | undefined,
    tlsKey: raw.tlsKey as string | undefined,
    tlsKeyPassphrase: secretSource(raw, 'tlsKeyPassphrase'),
    credentialsOut: raw.credentialsOut as string | undefined,
    publicHost: raw.publicHost as string | undefined,
    timeout: raw.timeout as number,
    qoeTls: raw.qoeTls !== false,
    report: raw.report as string | undefined,
    force: raw.force === true,
    json: raw.json === true,
  };
}

import type { DeviceReport } from '@certwright/device-push';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { devicePush } from '../../actions/device/push.js';
import type { DevicesConfig } from '../config.js';
import { finished, invoke } from '../invoke.js';
import type { Step } from '../step.js';

/** The device files, as the guidelines name them. */
const BOARD_FILES = { cert: 'board_cert.pem', key: 'board_pkey.pem', root: 'root.pem' } as const;

/** Step 8: the device files onto the AudioCodes devices, and certificate verification switched on. */
export const devicesStep: Step = {
  id: 8,
  label: '8',
  name: 'load the certificates onto the devices',
  explain:
    'Loads board_cert.pem, board_pkey.pem and root.pem onto every device of the inventory (Mediant, over ' +
    'its REST API), checks on each device that what it now holds and serves is what was sent, saves, and ' +
    'switches on certificate verification (AUPDVerifyCertificates = 1) so the devices check the OVOC server.',
  skipReason: (config) =>
    config.devices === undefined ? 'no devices section in the config: load the device files by hand' : undefined,
  settings: (config) => config.devices,
  inputs: async (config) => {
    const devices = config.devices as DevicesConfig;
    return [devices.inventory, ...boardFiles(devices), ...(devices.caFile ? [devices.caFile] : [])];
  },
  outputs: (config) => (config.devices?.report ? [config.devices.report] : []),
  preview: (config) => {
    const devices = config.devices as DevicesConfig;
    const [cert, key, root] = boardFiles(devices);
    return [
      `certwright device push --inventory ${devices.inventory} --cert ${cert} --key ${key} --root ${root}` +
        (devices.caFile ? ` --ca-file ${devices.caFile}` : '') +
        (devices.tlsContext === undefined ? '' : ` --tls-context ${devices.tlsContext}`) +
        ` --concurrency ${devices.concurrency}` +
        (devices.report ? ` --report ${devices.report} --force` : ''),
    ];
  },
  alwaysRun: false,
  async run(context) {
    const devices = context.config.devices as DevicesConfig;
    const [cert, key, root] = boardFiles(devices) as [string, string, string];
    // Plain progress lines, not a redrawn bar: they are indented under the step's heading.
    const plain = { ...context, io: { ...context.io, interactive: false } };
    const invocation = await invoke(plain, devicePush, {
      inventory: devices.inventory,
      devices: [],
      cert,
      key,
      passphrase: context.secrets.boardKey,
      root,
      tlsContext: devices.tlsContext,
      roots: 'add',
      mutual: false,
      clientCert: undefined,
      clientKey: undefined,
      clientKeyPassphrase: {},
      concurrency: devices.concurrency,
      timeoutSeconds: 15,
      dryRun: false,
      report: devices.report,
      // The report is this step's own output, rewritten on each run.
      force: true,
      caFile: devices.caFile,
      insecureSkipTlsVerify: false,
      allowHttp: false,
      allowPlaintextPasswords: false,
      allowReset: false,
      allowHa: false,
      leafOnly: false,
      allowWeakBoardKey: false,
      // OVOC's certificate is the server set this workflow installed: the devices must be able to verify it.
      ovocCert: await ovocCertificateFiles(context.config.serverCerts, context.config.baseDir),
      ovocUrl: undefined,
      cloudArchitecture: false,
      maxClockSkewSeconds: 300,
      busyWaitSeconds: 300,
      maxAuthFailures: 3,
      password: context.secrets.devicePassword,
      json: true,
    });
    const reports = (invocation.result.devices ?? []) as DeviceReport[];
    // device push already printed a line per device; what completes a half-done one bears repeating.
    for (const report of reports) {
      if (report.command) context.log(`${report.name} needs attention; to complete it: ${report.command}`);
    }
    const updated = reports.filter((report) => report.state === 'updated' || report.state === 'unchanged').length;
    return finished(
      invocation,
      `${updated} of ${reports.length} device(s) hold the new files, verification on`,
      { devices: reports.map(({ name, state }) => ({ name, state })), report: devices.report ?? null },
      `${updated} of ${reports.length} device(s) updated; run the workflow again to retry the others`,
    );
  },
};

/** server.crt, then the intermediates the set holds (ca2 before ca1: root → ca1 → ca2 → server). */
async function ovocCertificateFiles(serverCerts: string, baseDir: string): Promise<string[]> {
  const names = ['server.crt', 'ca2.crt', 'ca1.crt'];
  const present = await Promise.all(
    names.map((name) =>
      access(resolve(baseDir, serverCerts, name)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return names.filter((_, index) => present[index]).map((name) => join(serverCerts, name));
}

function boardFiles(devices: DevicesConfig): string[] {
  return [BOARD_FILES.cert, BOARD_FILES.key, BOARD_FILES.root].map((name) => join(devices.boardDir, name));
}

import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DevicesConfig } from '../config.js';
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
  alwaysRun: false,
  async run(context) {
    const devices = context.config.devices as DevicesConfig;
    if (context.pushBoardFiles === undefined) {
      throw new Error('step 8 needs a device push (WorkflowRunOptions.pushBoardFiles)');
    }
    const [cert, key, root] = boardFiles(devices) as [string, string, string];
    const pushed = await context.pushBoardFiles({
      cwd: context.cwd,
      inventory: devices.inventory,
      cert,
      key,
      root,
      passphrase: context.secrets.boardKey,
      devicePassword: context.secrets.devicePassword,
      caFile: devices.caFile,
      tlsContext: devices.tlsContext,
      concurrency: devices.concurrency,
      report: devices.report,
      // OVOC's certificate is the server set this workflow installed: the devices must be able to verify it.
      ovocCert: await ovocCertificateFiles(context.config.serverCerts, context.cwd),
      progress: context.progress,
    });
    // The push already told a line per device; what completes a half-done one bears repeating.
    for (const device of pushed.devices) {
      if (device.command) context.progress.note(`${device.name} needs attention; to complete it: ${device.command}`);
    }
    const updated = pushed.devices.filter((device) => device.state === 'updated' || device.state === 'unchanged');
    const result = {
      devices: pushed.devices.map(({ name, state }) => ({ name, state })),
      report: devices.report ?? null,
    };
    const counted = `${updated.length} of ${pushed.devices.length} device(s)`;
    if (updated.length === pushed.devices.length) {
      return { status: 'done', message: `${counted} hold the new files, verification on`, result };
    }
    return {
      status: 'failed',
      failure: updated.length === 0 ? 'no-device-updated' : 'some-devices-updated',
      message: `${counted} updated; run the workflow again to retry the others`,
      result,
    };
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

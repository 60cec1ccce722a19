import type { PushBoardFiles, PushedDevice } from '@certwright/deploy';
import { devicePush } from '../actions/device/push.js';
import { devicePushSpec } from '../commands/index.js';
import { optionsOf } from '../spec/defaults.js';
import type { Io } from '../io/io.js';
import { Talk } from '../render/outcome.js';
import type { WorkflowSecrets } from './secret-sources.js';

/**
 * Step 8 by `device push`'s work, with the workflow's secret sources: its notes and warnings go to
 * the step's, its per-device progress lines too.
 */
export function pushWithDevicePush(secrets: WorkflowSecrets): PushBoardFiles {
  return async (request) => {
    const stepIo: Io = {
      ...secrets.readIo,
      cwd: request.cwd,
      // Plain progress lines, not a redrawn bar: they are indented under the step's heading.
      interactive: false,
      stdout: { write: () => true },
      stderr: { write: (text: string) => noteLines(text, request.progress.note) },
    };
    const options = optionsOf(devicePushSpec, {
      inventory: request.inventory,
      cert: request.cert,
      key: request.key,
      passphrase: secrets.sourceOf('devices.passphrase'),
      root: request.root,
      tlsContext: request.tlsContext,
      concurrency: request.concurrency,
      report: request.report,
      // The report is this step's own output, rewritten on each run.
      force: true,
      caFile: request.caFile,
      // OVOC's certificate is the server set the workflow installed: the devices must be able to verify it.
      ovocCert: request.ovocCert,
      password: secrets.sourceOf('devices.password'),
      json: true,
    });
    const outcome = await devicePush(options, stepIo, Talk.forwardingTo(request.progress));
    const devices: PushedDevice[] = outcome.result.dryRun ? [] : outcome.result.devices;
    return { devices };
  };
}

/** The fleet's progress lines (written to the stream it is given) as the step's notes. */
function noteLines(text: string, note: (line: string) => void): void {
  for (const line of text.split('\n')) if (line !== '') note(line);
}

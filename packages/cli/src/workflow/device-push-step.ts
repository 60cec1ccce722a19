import type { PushBoardFiles, PushedDevice, Warning } from '@certwright/deploy';
import { devicePush } from '../actions/device/push.js';
import type { Io } from '../io/io.js';
import type { WorkflowSecrets } from './secret-sources.js';

/**
 * Step 8 through `certwright device push`, until the push is a function that returns its result:
 * its JSON report is read back from what it prints, its progress goes to the step's notes.
 */
export function pushWithDevicePush(secrets: WorkflowSecrets): PushBoardFiles {
  return async (request) => {
    let printed = '';
    const stepIo: Io = {
      ...secrets.readIo,
      cwd: request.cwd,
      // Plain progress lines, not a redrawn bar: they are indented under the step's heading.
      interactive: false,
      stdout: { write: (text: string) => (printed += text) },
      stderr: { write: (text: string) => noteLines(text, request.progress.note) },
    };
    await devicePush(
      {
        inventory: request.inventory,
        devices: [],
        cert: request.cert,
        key: request.key,
        passphrase: secrets.sourceOf('devices.passphrase'),
        root: request.root,
        tlsContext: request.tlsContext,
        roots: 'add',
        mutual: false,
        clientCert: undefined,
        clientKey: undefined,
        clientKeyPassphrase: {},
        concurrency: request.concurrency,
        timeoutSeconds: 15,
        dryRun: false,
        report: request.report,
        // The report is this step's own output, rewritten on each run.
        force: true,
        caFile: request.caFile,
        insecureSkipTlsVerify: false,
        allowHttp: false,
        allowPlaintextPasswords: false,
        allowReset: false,
        allowHa: false,
        leafOnly: false,
        allowWeakBoardKey: false,
        ovocCert: request.ovocCert,
        ovocUrl: undefined,
        cloudArchitecture: false,
        maxClockSkewSeconds: 300,
        busyWaitSeconds: 300,
        maxAuthFailures: 3,
        password: secrets.sourceOf('devices.password'),
        json: true,
      },
      stepIo,
    );
    const document = JSON.parse(printed) as { devices?: PushedDevice[]; warnings?: Warning[] };
    for (const warning of document.warnings ?? []) request.progress.warn(warning.code, warning.message);
    return { devices: document.devices ?? [] };
  };
}

/** The push's talk as the step's notes; its warnings come with its result, so they are told once. */
function noteLines(text: string, note: (line: string) => void): void {
  for (const line of text.split('\n')) if (line !== '' && !line.startsWith('warning: ')) note(line);
}

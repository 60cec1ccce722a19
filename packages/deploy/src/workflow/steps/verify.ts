import { splitHostPort } from '../../tls/served-chain.js';
import { verifyServerSet } from '../../operations/verify-server-set.js';
import type { WorkflowConfig } from '../config.js';
import type { Step } from '../step.js';

/** Steps 6–7: the installed files are complete, in order, match the key, and are what the server serves. */
export const verifyStep: Step = {
  id: 6,
  label: '6–7',
  name: 'verify the installed certificates',
  explain:
    'Checks the installed directory: one PEM certificate per file, the chain root → ca1 → ca2 → server ' +
    'valid for TLS server use (and for the host name given), the key matching server.crt, the first ' +
    'expiry date; with verify.connect, a fresh TLS handshake shows the server really serves server.crt ' +
    'and its intermediates.',
  skipReason: () => undefined,
  settings: (config) => ({ verify: config.verify, dir: verifiedDirectory(config), key: config.key.file }),
  inputs: async (config) => [verifiedDirectory(config), config.key.file],
  outputs: () => [],
  alwaysRun: true,
  async run(context) {
    const { config } = context;
    const dir = verifiedDirectory(config);
    const verified = await verifyServerSet({
      cwd: context.cwd,
      dir,
      key: config.key.file,
      passphrase: context.secrets.key,
      host: config.verify.host,
      deviceMode: config.verify.deviceMode,
      at: context.now(),
      // Checked to be host:port when the config was read.
      connect: config.verify.connect === undefined ? undefined : splitHostPort(config.verify.connect),
      warnDays: config.verify.warnDays,
      progress: context.progress,
    });
    const { checks } = verified;
    for (const check of checks) {
      context.progress.note(
        `${check.ok ? 'ok  ' : 'FAIL'} ${check.name.padEnd(7)} ${check.code ? `${check.code}: ` : ''}${check.message}`,
      );
    }
    const result = { directory: dir, checks };
    if (verified.valid) return { status: 'done', message: `${dir}: all ${checks.length} checks passed`, result };
    const failed = checks.filter((check) => !check.ok).map((check) => check.name);
    return {
      status: 'failed',
      failure: 'check-failed',
      message: `${dir}: check failed: ${failed.join(', ') || 'see above'}`,
      result,
    };
  },
};

/** What was installed: the install target when the workflow installs, else the imported directory. */
export function verifiedDirectory(config: WorkflowConfig): string {
  return config.install?.target ?? config.serverCerts;
}

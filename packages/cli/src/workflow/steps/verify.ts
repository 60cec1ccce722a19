import { verifyDirectory } from '../../actions/verify.js';
import type { WorkflowConfig } from '../config.js';
import { finished, invoke } from '../invoke.js';
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
  preview: (config) => [
    `certwright verify --dir ${verifiedDirectory(config)} --key ${config.key.file}` +
      (config.verify.host ? ` --host ${config.verify.host}` : '') +
      (config.verify.connect ? ` --connect ${config.verify.connect}` : '') +
      ` --warn-days ${config.verify.warnDays}`,
  ],
  alwaysRun: true,
  async run(context) {
    const { config } = context;
    const dir = verifiedDirectory(config);
    const invocation = await invoke(context, verifyDirectory, {
      dir,
      key: config.key.file,
      host: config.verify.host,
      at: undefined,
      connect: config.verify.connect,
      warnDays: config.verify.warnDays,
      passphrase: context.secrets.key,
      json: true,
    });
    const checks = (invocation.result.checks ?? []) as { name: string; ok: boolean; code?: string; message: string }[];
    for (const check of checks) {
      context.log(
        `${check.ok ? 'ok  ' : 'FAIL'} ${check.name.padEnd(7)} ${check.code ? `${check.code}: ` : ''}${check.message}`,
      );
    }
    const failed = checks.filter((check) => !check.ok).map((check) => check.name);
    return finished(
      invocation,
      `${dir}: all ${checks.length} checks passed`,
      { directory: dir, checks },
      `${dir}: check failed: ${failed.join(', ') || 'see above'}`,
    );
  },
};

/** What was installed: the install target when the workflow installs, else the imported directory. */
export function verifiedDirectory(config: WorkflowConfig): string {
  return config.install?.target ?? config.serverCerts;
}

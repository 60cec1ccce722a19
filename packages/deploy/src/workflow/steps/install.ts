import { installLocally } from '../../install/install-locally.js';
import type { InstallConfig } from '../config.js';
import type { Step } from '../step.js';

/** Seconds the reload command may take, as `certwright install` allows by default. */
const RELOAD_TIMEOUT_SECONDS = 120;

/** Step 5: install the files into the server's certificate directory and reload the server. */
export const installStep: Step = {
  id: 5,
  label: '5',
  name: 'install the certificates',
  explain:
    'Checks the set once more (chain valid, key matches, not expired), then replaces the files in the ' +
    "server's certificate directory as one set, keeping the previous set in a timestamped backup, runs the " +
    'reload command, and puts the previous set back if the reload fails. On an HA pair, use certwright rotate.',
  skipReason: (config) =>
    config.install === undefined ? 'no install section in the config: install the files by hand' : undefined,
  settings: (config) => ({ install: config.install, serverCerts: config.serverCerts, key: config.key.file }),
  inputs: async (config) => [config.serverCerts, config.key.file],
  outputs: (config) => (config.install ? [config.install.target] : []),
  alwaysRun: false,
  recoversItself: true,
  async run(context) {
    const { config } = context;
    const target = config.install as InstallConfig;
    // A rerun after a kill inside this step is safe: the install finishes or undoes the interrupted swap first.
    const installed = await installLocally({
      cwd: context.cwd,
      target: target.target,
      dir: config.serverCerts,
      key: config.key.file,
      passphrase: context.secrets.key,
      backupDir: target.backupDir,
      reload:
        target.reload === undefined
          ? undefined
          : { command: target.reload, timeoutSeconds: RELOAD_TIMEOUT_SECONDS, env: context.env },
      at: context.now(),
      now: context.now,
      progress: context.progress,
      checkpoint: context.checkpoint,
    });
    const { backupDir, reloaded } = installed;
    return {
      status: 'done',
      message: `installed in ${target.target}${reloaded ? ', reloaded' : ''}${backupDir ? `; previous set in ${backupDir}` : ''}`,
      result: { target: target.target, installed: installed.installed, backupDir, reloaded },
    };
  },
};

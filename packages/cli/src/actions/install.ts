import { installLocally, ReloadCommandError, type ReloadCommand, resumeLocalInstall } from '@certwright/deploy';
import { type InstallRecovery, type InstallServerSetResult, InstallError } from '@certwright/core';
import type { InstallOptions } from '../commands/install.js';
import { usageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Io } from '../io/io.js';
import type { Outcome, Talk } from '../render/outcome.js';
import { newPassphraseSource, passphraseSource } from './shared/key-passphrase.js';
import { storePasswordProvider } from './shared/store-password.js';
import { parseTimeOption } from './shared/time-option.js';
import { present } from '../render/present.js';

export type { InstallOptions };

/** A set installed (the --json fields, docs/cli.md). */
export interface InstalledResult {
  target: string;
  installed: string[];
  removed: string[];
  backupDir: string | null;
  reloaded: boolean;
  recovered: { purpose: string; startedAt: string } | null;
  expires: string;
  certificates: { file: string; subject: string; notAfter: string; sha256: string }[];
}

/** An interrupted install finished, or none found (--resume). */
export interface ResumedResult {
  target: string;
  resumed: { purpose: string | undefined; startedAt: string | undefined } | null;
  removedTemporary: InstallRecovery['removed'];
  reloaded: boolean;
}

export type InstallResult = InstalledResult | ResumedResult;

/** Workflow step 5: finish any interrupted install, check the set, swap it in, reload, roll back on failure. */
export async function install(options: InstallOptions, io: Io, talk: Talk): Promise<Outcome<InstallResult>> {
  const target = {
    cwd: io.cwd,
    target: options.target,
    reload: reloadOf(options, io),
    now: io.now,
    progress: talk,
    ...(io.checkpoint === undefined ? {} : { checkpoint: io.checkpoint }),
  };
  try {
    if (options.resume) {
      const { recovery, reloaded } = await resumeLocalInstall(target);
      const finished = recovery.finished;
      return talk.outcome(ExitCode.ok, {
        target: options.target,
        resumed: finished ? { purpose: finished.purpose, startedAt: finished.startedAt } : null,
        removedTemporary: recovery.removed,
        reloaded,
      });
    }
    if (options.dir === undefined || options.key === undefined)
      throw usageError('give --dir and --key (the set to install), or --resume', options.dir ? 'key' : 'dir');
    const at = options.at === undefined ? io.now() : parseTimeOption(options.at, '--at');
    const result = await installLocally({
      ...target,
      dir: options.dir,
      key: options.key,
      passphrase: passphraseSource(options.passphrase, io),
      // Used only when --key turns out to be a .pfx: its password, then the new server.key's passphrase.
      fromPkcs12: {
        storepass: (file) => storePasswordProvider(file, options.storepass, io)(),
        protection: {
          encrypt: options.encrypt,
          passphrase: newPassphraseSource(options.encrypt, options.passphrase, io),
        },
      },
      backupDir: options.backupDir,
      at,
    });
    return talk.outcome(ExitCode.ok, installedJson(options.target, result));
  } catch (error) {
    showReloadOutput(error, io);
    throw error;
  }
}

/** What was installed, or what --resume finished. */
export function installText(result: InstallResult, options: InstallOptions): string {
  if ('resumed' in result) {
    return result.resumed !== null
      ? `${result.target}: the interrupted ${result.resumed.purpose} is finished${result.reloaded ? ', reloaded' : ''}`
      : `${result.target}: no interrupted install`;
  }
  const lines = [`installed ${result.target}/: ${result.installed.join(', ')} (server.key 0600, certificates 0644)`];
  lines.push(`  the set is valid until ${result.expires}`);
  if (result.removed.length > 0) lines.push(`  removed ${result.removed.join(', ')} (not in the new set)`);
  lines.push(
    result.backupDir === null ? '  no previous set to back up' : `  previous set backed up in ${result.backupDir}`,
  );
  if (options.reloadCmd !== undefined) lines.push(`  reloaded: ${options.reloadCmd}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The reload command runs with the caller's environment minus the variable that held the key's
 * passphrase or a .pfx key's store password (--passphrase-env, --storepass-env): a reload script, or anything it starts, has no business seeing it.
 */
function reloadOf(options: InstallOptions, io: Io): ReloadCommand | undefined {
  if (options.reloadCmd === undefined) return undefined;
  const env = { ...io.env };
  for (const source of [options.passphrase, options.storepass]) if (source.env !== undefined) delete env[source.env];
  return { command: options.reloadCmd, timeoutSeconds: options.reloadTimeout, env };
}

/** A failed reload's output is what the operator needs to see; it goes to stderr. */
function showReloadOutput(error: unknown, io: Io): void {
  if (!(error instanceof InstallError) || !(error.cause instanceof ReloadCommandError)) return;
  const text = error.cause.output.trimEnd();
  io.stderr.write(text === '' ? 'the reload command printed nothing\n' : `reload command output:\n${text}\n`);
}

function installedJson(target: string, result: InstallServerSetResult): InstalledResult {
  return {
    target,
    installed: result.installed,
    removed: result.removed,
    backupDir: result.backupDir,
    reloaded: result.reloaded,
    recovered:
      result.recovery.finished === null
        ? null
        : { purpose: result.recovery.finished.purpose, startedAt: result.recovery.finished.startedAt },
    expires: result.check.expires.toISOString(),
    certificates: result.check.certificates.map((entry) => ({
      file: entry.name,
      subject: entry.certificate.subjectText,
      notAfter: entry.certificate.notAfter.toISOString(),
      sha256: entry.certificate.fingerprintSha256,
    })),
  };
}

/** The command's handler: the work, then its rendering. */
export const installHandler = present(install, installText);

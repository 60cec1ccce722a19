import {
  CertwrightError,
  detectFormat,
  InvalidArgumentError,
  KeyError,
  type PrivateKey,
  type InstallCertificateName,
  type InstallRecovery,
  type InstallServerSetResult,
  type InstallStepHook,
  installServerSet,
  LocalInstallFileSystem,
  resumeInstall,
} from '@certwright/core';
import { join, resolve } from 'node:path';
import { readUserFile } from '../files/read.js';
import { type PassphraseSource, readKeyBytes } from '../keys/read-key-file.js';
import { readOnePkcs12Key, type StoreKeyProtection, storeKeyWrite } from '../operations/store-key.js';
import { type Progress, silentProgress } from '../progress.js';
import { runReloadCommand } from './reload-command.js';

/** A shell command that makes the server load the new files. */
export interface ReloadCommand {
  command: string;
  timeoutSeconds: number;
  /** Its environment: give it nothing secret (a --passphrase-env variable is the caller's to drop). */
  env: Record<string, string | undefined>;
}

/** Where to install and what to run after. */
export interface LocalInstallTarget {
  cwd: string;
  /** The server's certificate directory to replace the set in. */
  target: string;
  reload?: ReloadCommand | undefined;
  now?: () => Date;
  progress?: Progress;
  /** Called at each step of the swap (crash points; tests only). */
  checkpoint?: (label: string) => Promise<void>;
}

/** What `installLocally` is asked to install. */
export interface InstallLocallyOptions extends LocalInstallTarget {
  /** The set to install: root.crt, ca1.crt, ca2.crt, server.crt as `import` wrote them. */
  dir: string;
  /**
   * The server's private key, installed unchanged as server.key (0600); or a PKCS#12 file whose one
   * key is installed, re-encrypted as `fromPkcs12` says.
   */
  key: string;
  passphrase?: PassphraseSource | undefined;
  /** For a PKCS#12 `key`: its store password, and how the server.key written from it is protected. */
  fromPkcs12?: { storepass: PassphraseSource; protection: StoreKeyProtection } | undefined;
  /** Where the timestamped backups go (default `<target>.backups`). */
  backupDir?: string | undefined;
  /** When the set must be valid (default now). */
  at?: Date;
}

/** An interrupted install finished (or nothing to finish). */
export interface LocalResumeResult {
  recovery: InstallRecovery;
  reloaded: boolean;
}

const CERTIFICATE_NAMES: readonly InstallCertificateName[] = ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt'];

/**
 * Workflow step 5 on this machine: finishes any interrupted install in the target, checks the set
 * (chain valid, key matches, not expired), swaps it in under a journal with a timestamped backup,
 * runs the reload command and puts the previous set back if the reload fails.
 *
 * @throws InstallError ERR_INSTALL_* (a refused set, a failed reload — rolled back); file and key errors
 */
export async function installLocally(options: InstallLocallyOptions): Promise<InstallServerSetResult> {
  const progress = options.progress ?? silentProgress;
  const now = options.now ?? (() => new Date());
  const certificates = await readSet(options.cwd, options.dir);
  // Read once: the bytes installed are the bytes whose key was matched.
  const { keyFile, key } = await readServerKey(options, progress);
  const reload = reloadWith(options);
  const result = await installServerSet({
    fs: new LocalInstallFileSystem(),
    target: resolve(options.cwd, options.target),
    certificates,
    keyFile,
    key,
    at: options.at ?? now(),
    now,
    ...(options.backupDir === undefined ? {} : { backupRoot: resolve(options.cwd, options.backupDir) }),
    ...(reload === undefined ? {} : { reload }),
    onStep: stepCheckpoints(options.checkpoint),
  });
  reportRecovery(result.recovery, progress);
  for (const warning of result.check.warnings) progress.warn(warning.code, warning.message);
  return result;
}

/** The key to install: the key file's bytes as they are, or a PKCS#12 file's key written anew. */
async function readServerKey(
  options: InstallLocallyOptions,
  progress: Progress,
): Promise<{ keyFile: Uint8Array; key: PrivateKey }> {
  const bytes = await readUserFile(options.cwd, options.key);
  if (detectFormat(bytes, { source: options.key }).format !== 'pkcs12') {
    if (options.fromPkcs12?.protection.encrypt === false) {
      const message = `${options.key} is installed as it is; writing a key unencrypted applies to a PKCS#12 --key only`;
      throw new InvalidArgumentError(message, { field: 'encrypt' });
    }
    return { keyFile: bytes, key: await readKeyBytes(options.key, bytes, options.passphrase, progress) };
  }
  const from = options.fromPkcs12;
  if (from === undefined) {
    throw new KeyError('ERR_KEY_INVALID', `${options.key}: a PKCS#12 file, not a key file`, { source: options.key });
  }
  const found = await readOnePkcs12Key(bytes, options.key, () => from.storepass(options.key));
  const planned = await storeKeyWrite(found, 'server.key', from.protection, progress);
  return { keyFile: Buffer.from(planned.write.data), key: found.key };
}

/** Only finishes an install a kill interrupted in the target (and reloads when asked). */
export async function resumeLocalInstall(options: LocalInstallTarget): Promise<LocalResumeResult> {
  const reload = reloadWith(options);
  const { recovery, reloaded } = await resumeInstall({
    fs: new LocalInstallFileSystem(),
    target: resolve(options.cwd, options.target),
    now: options.now ?? (() => new Date()),
    onStep: stepCheckpoints(options.checkpoint),
    ...(reload === undefined ? {} : { reload }),
  });
  reportRecovery(recovery, options.progress ?? silentProgress);
  return { recovery, reloaded };
}

/** The set's certificate files; missing ones stay absent (the check says which are required). */
async function readSet(cwd: string, dir: string): Promise<Partial<Record<InstallCertificateName, Uint8Array>>> {
  const set: Partial<Record<InstallCertificateName, Uint8Array>> = {};
  for (const name of CERTIFICATE_NAMES) {
    try {
      set[name] = await readUserFile(cwd, join(dir, name));
    } catch (error) {
      if (!(error instanceof CertwrightError && error.code === 'ERR_FILE_NOT_FOUND')) throw error;
    }
  }
  return set;
}

function reloadWith({ reload, cwd }: LocalInstallTarget): (() => Promise<void>) | undefined {
  if (reload === undefined) return undefined;
  return () => runReloadCommand(reload.command, { timeoutSeconds: reload.timeoutSeconds, cwd, env: reload.env });
}

/** Each step of the swap is a crash point. */
function stepCheckpoints(checkpoint: ((label: string) => Promise<void>) | undefined): InstallStepHook {
  return async (step) => {
    await checkpoint?.(`install: ${step.phase}${step.name ? ` ${step.name}` : ''}`);
  };
}

function reportRecovery(recovery: InstallRecovery, progress: Progress): void {
  if (recovery.finished !== null)
    progress.note(
      `finished an interrupted ${recovery.finished.purpose} (started ${recovery.finished.startedAt}) before anything else`,
    );
  if (recovery.removed.length > 0)
    progress.note(`removed ${recovery.removed.length} temporary file(s) of an install killed before it began`);
}

import type { PrivateKey } from '../keys/types.js';
import { chooseBackupDir, defaultBackupRoot } from './backup-dir.js';
import { type CheckInstallSetOptions, checkInstallSet, type InstallSetCheck } from './check-set.js';
import type { InstallFileSystem } from './install-fs.js';
import { INSTALL_CERT_MODE, INSTALL_FILES, INSTALL_KEY_MODE } from './layout.js';
import { type InstallRecovery, recoverInstall } from './recover.js';
import { rollBack } from './rollback.js';
import { swapFiles } from './swap.js';
import { assertSafeTarget } from './target-safety.js';
import type { InstallFile, InstallStepHook } from './types.js';

/** What installServerSet installs, where, and how the server is told. */
export interface InstallServerSetOptions {
  /** Local disk (LocalInstallFileSystem) or a remote one, e.g. over SFTP. */
  fs: InstallFileSystem;
  /** The server certificate directory; it stays a plain directory. */
  target: string;
  /** root.crt, ca1.crt, ca2.crt, server.crt as `certwright import` wrote them. */
  certificates: CheckInstallSetOptions['certificates'];
  /** The key file's bytes, installed unchanged as server.key (still encrypted if they are). */
  keyFile: Uint8Array;
  /** The same key, read, to prove it matches server.crt. */
  key: PrivateKey;
  /** Where timestamped backups go; default `<target>.backups` beside the target. */
  backupRoot?: string;
  /** The clock, for the backup's name and the journal; default the system clock. */
  now?: () => Date;
  /** When the set must be valid; default now(). */
  at?: Date;
  /** Warn when the set expires within this many days; default 30. */
  warnDays?: number;
  /** Makes the server load the new files; when it throws, the previous set is put back. */
  reload?: () => Promise<void>;
  onStep?: InstallStepHook;
}

/** What an install did. */
export interface InstallServerSetResult {
  /** The interrupted install finished first, if any. */
  recovery: InstallRecovery;
  check: InstallSetCheck;
  installed: string[];
  /** Names the previous set had and the new one lacks (e.g. an old ca2.crt). */
  removed: string[];
  /** Where the previous set was copied; null when the target held none. */
  backupDir: string | null;
  reloaded: boolean;
}

/**
 * Workflow step 5: finishes any interrupted install in the target, checks the new set (chain,
 * key, expiry), swaps it in under a journal with the previous set backed up, then reloads the
 * server; when the reload fails the previous set is swapped back (and reloaded).
 *
 * @throws InstallError a refusal (ERR_INSTALL_SET_*, ERR_INSTALL_CHAIN_INVALID,
 *   ERR_INSTALL_KEY_MISMATCH) with the target untouched, ERR_INSTALL_RELOAD_FAILED after the
 *   rollback, or ERR_INSTALL_IO / ERR_INSTALL_JOURNAL_* from the swap.
 * @example
 * await installServerSet({ fs: new LocalInstallFileSystem(), target: '/home/acems/server_certs',
 *   certificates, keyFile, key, reload: () => restartTheServer() });
 */
export async function installServerSet(options: InstallServerSetOptions): Promise<InstallServerSetResult> {
  const { fs, target } = options;
  const now = options.now ?? (() => new Date());
  const onStep = options.onStep ?? (() => undefined);
  const backupRoot = options.backupRoot ?? defaultBackupRoot(target);
  // Links and special files at managed names, an unsafe backup directory: refused before any change.
  await assertSafeTarget(fs, target, backupRoot);
  const recovery = await recoverInstall(fs, target, { onStep });
  const check = await checkInstallSet({
    certificates: options.certificates,
    key: options.key,
    at: options.at ?? now(),
    ...(options.warnDays === undefined ? {} : { warnDays: options.warnDays }),
  });
  const files: InstallFile[] = [
    ...check.certificates.map((entry) => ({
      name: entry.name,
      data: options.certificates[entry.name] as Uint8Array,
      mode: INSTALL_CERT_MODE,
    })),
    { name: INSTALL_FILES.key, data: options.keyFile, mode: INSTALL_KEY_MODE },
  ];
  const startedAt = now();
  const backupDir = await chooseBackupDir(fs, backupRoot, startedAt);
  const previous = await swapFiles(fs, { target, files, backupDir, purpose: 'install', startedAt, onStep });
  const installedNames = new Set(files.map((file) => file.name));
  const result: InstallServerSetResult = {
    recovery,
    check,
    installed: files.map((file) => file.name),
    removed: previous.map((file) => file.name).filter((name) => !installedNames.has(name)),
    backupDir: previous.length > 0 ? backupDir : null,
    reloaded: false,
  };
  if (options.reload === undefined) return result;
  try {
    await options.reload();
  } catch (error) {
    await rollBack({ ...options, now }, previous, error);
  }
  await onStep({ phase: 'reload' });
  return { ...result, reloaded: true };
}

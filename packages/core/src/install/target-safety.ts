/**
 * What an install checks about the places it writes before it changes anything. A target directory
 * an unprivileged user owns may hold `root.crt -> /etc/shadow`: an install run as root that read
 * and backed up "the previous root.crt", then put it back after a failed reload, copied the
 * shadow file into a 0644 file that user can read. So: no link and nothing but a regular file at
 * a managed name, and a backup directory that is a real directory of ours that nobody else can
 * write. Reads and new files also refuse to follow links (LocalInstallFileSystem), which closes the
 * gap between this check and the swap for everything but a directory swapped behind our back.
 */
import { posix } from 'node:path';
import { InstallError } from './errors.js';
import { fsStep } from './fs-step.js';
import type { InstallEntry, InstallFileSystem } from './install-fs.js';
import { INSTALL_JOURNAL_NAME, INSTALL_MANAGED_NAMES } from './layout.js';

/**
 * @throws InstallError ERR_INSTALL_TARGET_UNSAFE naming the path, with nothing changed; does
 *   nothing when the file system cannot tell (no `entry` method)
 */
export async function assertSafeTarget(
  fs: InstallFileSystem,
  target: string,
  backupRoot: string | null,
): Promise<void> {
  const entry = fs.entry?.bind(fs);
  if (entry === undefined) return;
  const look = (path: string) => fsStep(`checking ${path}`, () => entry(path));
  const targetEntry = await look(target);
  if (targetEntry !== undefined && targetEntry.type !== 'directory') {
    throw unsafe(target, `${describe(targetEntry)}, not a directory; give the real directory as --target`);
  }
  for (const name of [...INSTALL_MANAGED_NAMES, INSTALL_JOURNAL_NAME]) {
    const path = posix.join(target, name);
    const found = await look(path);
    if (found !== undefined && found.type !== 'file') {
      throw unsafe(path, `${describe(found)}; an install replaces only regular files (remove it first)`);
    }
  }
  if (backupRoot === null) return;
  const backups = await look(backupRoot);
  if (backups === undefined) return;
  if (backups.type !== 'directory') throw unsafe(backupRoot, `${describe(backups)}, not a directory for backups`);
  if (!backups.ownedBySelfOrRoot || backups.writableByOthers) {
    throw unsafe(backupRoot, 'belongs to another user or others can write to it; backups hold the private key');
  }
}

function describe(entry: InstallEntry): string {
  if (entry.type === 'symlink') return 'is a symbolic link';
  if (entry.type === 'directory') return 'is a directory';
  if (entry.type === 'file') return 'is a file';
  return 'is not a regular file (a FIFO, device or socket)';
}

function unsafe(path: string, reason: string): InstallError {
  return new InstallError('ERR_INSTALL_TARGET_UNSAFE', `${path} ${reason}; nothing was changed`, { source: path });
}

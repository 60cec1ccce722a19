import { posix } from 'node:path';
import { fsStep } from './fs-step.js';
import type { InstallFileSystem } from './install-fs.js';

/** The default place for backups: `<target>.backups` beside the target, outside what the server reads. */
export function defaultBackupRoot(target: string): string {
  return posix.join(posix.dirname(target), `${posix.basename(target)}.backups`);
}

/** A fresh timestamped directory under `root` (`20261127T015023Z`, then `-2`, `-3` … in the same second). */
export async function chooseBackupDir(fs: InstallFileSystem, root: string, now: Date): Promise<string> {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
  const taken = new Set(await fsStep(`listing ${root}`, () => fs.list(root)));
  let name = stamp;
  for (let counter = 2; taken.has(name); counter++) name = `${stamp}-${counter}`;
  return posix.join(root, name);
}

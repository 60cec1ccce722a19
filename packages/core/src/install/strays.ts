import { posix } from 'node:path';
import { fsStep } from './fs-step.js';
import type { InstallFileSystem } from './install-fs.js';
import { INSTALL_JOURNAL_NAME, INSTALL_TEMP_PREFIX } from './layout.js';

/**
 * Removes the temporary files an install killed before it wrote its journal left in the target
 * (staged files, a half-written journal). Only called when no journal is pending.
 * @returns the names removed
 */
export async function removeStrays(fs: InstallFileSystem, target: string): Promise<string[]> {
  const names = await fsStep(`listing ${target}`, () => fs.list(target));
  const strays = names.filter((name) => name.startsWith(INSTALL_TEMP_PREFIX) && name !== INSTALL_JOURNAL_NAME);
  for (const name of strays) await fsStep(`removing ${name}`, () => fs.remove(posix.join(target, name)));
  return strays;
}

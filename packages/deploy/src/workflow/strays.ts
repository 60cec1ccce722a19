import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** The temp files of io/files.ts's atomic writes: `.<name>.<12 hex>.tmp` beside the target. */
const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes the temp files a killed atomic write left beside the given outputs (and inside output
 * directories). Only run for a step this workflow started and did not finish, so the files are its own.
 */
export async function removeStrayTempFiles(cwd: string, outputs: readonly string[]): Promise<string[]> {
  const folders = new Set<string>();
  for (const output of outputs) {
    folders.add(resolve(cwd, dirname(output)));
    folders.add(resolve(cwd, output));
  }
  const removed: string[] = [];
  for (const folder of folders) {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !TEMP_FILE.test(entry.name)) continue;
      await unlink(join(folder, entry.name)).catch(() => undefined);
      removed.push(join(folder, entry.name));
    }
  }
  return removed;
}

/** Removes temp files of the state file itself, left when a run was killed while saving it. */
export async function removeStrayStateTemps(statePath: string): Promise<void> {
  const folder = dirname(statePath);
  const prefix = `.${basename(statePath)}.`;
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isFile() && entry.name.startsWith(prefix) && TEMP_FILE.test(entry.name)) {
      await unlink(join(folder, entry.name)).catch(() => undefined);
    }
  }
}

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The hash recorded for a file that does not exist. */
export const MISSING = 'missing';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * SHA-256 of each file named; a directory stands for the files directly in it (temp files and
 * other dot files aside). Paths stay as given, relative to `cwd`.
 */
export async function hashPaths(cwd: string, paths: readonly string[]): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const path of paths) {
    const full = resolve(cwd, path);
    const entries = await readdir(full, { withFileTypes: true }).catch(() => undefined);
    if (entries === undefined) {
      hashes[path] = await hashFile(full);
      continue;
    }
    const files = entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.'));
    for (const entry of files.sort((a, b) => a.name.localeCompare(b.name))) {
      hashes[join(path, entry.name)] = await hashFile(join(full, entry.name));
    }
  }
  return hashes;
}

async function hashFile(path: string): Promise<string> {
  try {
    return sha256Hex(await readFile(path));
  } catch {
    return MISSING;
  }
}

/** The first path whose hash differs, or undefined when all match. */
export function firstDifference(recorded: Record<string, string>, current: Record<string, string>): string | undefined {
  const paths = new Set([...Object.keys(recorded), ...Object.keys(current)]);
  return [...paths].find((path) => (recorded[path] ?? MISSING) !== (current[path] ?? MISSING));
}

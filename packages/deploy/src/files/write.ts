import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FileError } from '../errors.js';
import { exists, swapFileSet } from './file-set-swap.js';
import { systemReason } from '../system-reason.js';

/** Mode for private keys: created so, never chmod-ed after. */
export const PRIVATE_MODE = 0o600;
/** Mode for certificates, CSRs and other public files. */
export const PUBLIC_MODE = 0o644;

/** One file a command will write. */
export interface PlannedWrite {
  /** As the user named it, for messages. */
  path: string;
  data: string | Uint8Array;
  mode: number;
}

/**
 * Refuses, before any work is done, outputs that exist when `--force` is not given, so a
 * refused command changes nothing.
 */
export async function assertWritable(cwd: string, paths: readonly string[], force: boolean): Promise<void> {
  if (force) return;
  for (const path of paths) {
    if (await exists(resolve(cwd, path))) {
      throw new FileError('ERR_OUTPUT_EXISTS', `${path}: already exists (use --force to overwrite)`, { source: path });
    }
  }
}

/**
 * Writes a file atomically: a temp file created with the final mode in the same directory,
 * flushed, then renamed over the target (or hard-linked when not forcing, so a file that
 * appeared meanwhile is not clobbered). A reader sees the old file or the new one, never half.
 */
export async function writeFileAtomic(cwd: string, write: PlannedWrite, force: boolean): Promise<void> {
  const staged = await stage(cwd, write);
  await commit(staged, force);
}

interface Staged {
  write: PlannedWrite;
  target: string;
  temp: string;
}

/** Writes the data to a flushed temp file beside the target. */
async function stage(cwd: string, write: PlannedWrite): Promise<Staged> {
  const target = resolve(cwd, write.path);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, write.mode);
    try {
      await handle.writeFile(write.data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { write, target, temp };
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw writeError(error, write.path);
  }
}

/** Puts a staged file in place: rename (force) or link-then-unlink (refuses to clobber). */
async function commit(staged: Staged, force: boolean): Promise<void> {
  try {
    if (force) {
      await rename(staged.temp, staged.target);
    } else {
      await link(staged.temp, staged.target);
      await unlink(staged.temp);
    }
  } catch (error) {
    await unlink(staged.temp).catch(() => undefined);
    throw writeError(error, staged.write.path);
  }
}

function writeError(error: unknown, path: string): FileError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST') {
    return new FileError('ERR_OUTPUT_EXISTS', `${path}: already exists (use --force to overwrite)`, { source: path });
  }
  return new FileError('ERR_OUTPUT_UNWRITABLE', `${path}: cannot be written: ${systemReason(error, 'writing')}`, {
    source: path,
    cause: error,
  });
}

/**
 * Writes several files as one set (io/file-set-swap.ts): all staged first, swapped in under a
 * journal, and on any failure — a full disk, a permission, a target that appeared, a kill — every
 * previous file is put back and no temp file stays. `removals` are files the new set replaces
 * without a successor (a ca2.crt from an earlier, longer chain), removed in the same swap.
 */
export async function writeFilesAtomic(
  cwd: string,
  writes: readonly PlannedWrite[],
  force: boolean,
  removals: readonly string[] = [],
): Promise<void> {
  await assertWritable(
    cwd,
    writes.map((write) => write.path),
    force,
  );
  await swapFileSet(
    writes.map((write) => ({
      target: resolve(cwd, write.path),
      label: write.path,
      data: write.data,
      mode: write.mode,
    })),
    removals.map((path) => ({ target: resolve(cwd, path), label: path })),
    force,
  );
}

/** Removes files that a new set replaces (e.g. a ca2.crt the new chain no longer has). */
export async function removeFiles(cwd: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    await unlink(resolve(cwd, path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw writeError(error, path);
    });
  }
}

/** Creates a directory (and parents) for outputs; private ones are 0700. */
export async function ensureDirectory(cwd: string, path: string, mode = 0o755): Promise<void> {
  try {
    await mkdir(resolve(cwd, path), { recursive: true, mode });
  } catch (error) {
    throw new FileError('ERR_OUTPUT_UNWRITABLE', `${path}: cannot create directory`, { source: path, cause: error });
  }
}

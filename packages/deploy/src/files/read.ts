import { constants } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FileError } from '../errors.js';
import { systemReason } from '../system-reason.js';

/** Nothing Certwright reads as a file is larger than this. */
const MAX_READ_BYTES = 16 * 1024 * 1024;

/**
 * Reads a file the user named, with errors that name it. Only a regular file is read (a FIFO would
 * block, /dev/zero never ends): it is opened without blocking and checked on the open descriptor,
 * and at most 16 MiB is ever read, whatever `stat` said (a file may grow while it is read).
 */
export async function readUserFile(cwd: string, path: string): Promise<Uint8Array> {
  const full = resolve(cwd, path);
  let handle: FileHandle | undefined;
  try {
    handle = await open(full, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (info.isDirectory())
      throw new FileError('ERR_FILE_READ', `${path}: is a directory, not a file`, { source: path });
    if (!info.isFile()) {
      throw new FileError(
        'ERR_FILE_READ',
        `${path}: is not a regular file (a device, FIFO or socket), refusing to read`,
        {
          source: path,
        },
      );
    }
    return await readCapped(handle, path, info.size);
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw fileError(error, path);
  } finally {
    await handle?.close();
  }
}

/** Reads to the end in chunks, refusing as soon as more than MAX_READ_BYTES have arrived. */
async function readCapped(handle: FileHandle, path: string, expected: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new FileError('ERR_FILE_READ', `${path}: larger than 16 MiB, refusing to read`, { source: path });
  if (expected > MAX_READ_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.max(expected - total + 1, 64 * 1024));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > MAX_READ_BYTES) throw tooLarge();
    chunks.push(chunk.subarray(0, bytesRead));
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

/** Checks that a directory the user named exists and is one (a missing --dir is unreadable input, exit 3). */
export async function assertUserDirectory(cwd: string, path: string): Promise<void> {
  try {
    const info = await stat(resolve(cwd, path));
    if (!info.isDirectory())
      throw new FileError('ERR_FILE_READ', `${path}: is a file, not a directory`, { source: path });
  } catch (error) {
    if (error instanceof FileError) throw error;
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (missing) throw new FileError('ERR_FILE_NOT_FOUND', `${path}: no such directory`, { source: path });
    throw fileError(error, path);
  }
}

function fileError(error: unknown, path: string): FileError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FileError('ERR_FILE_NOT_FOUND', `${path}: no such file`, { source: path });
  if (code === 'EACCES') return new FileError('ERR_FILE_READ', `${path}: permission denied`, { source: path });
  return new FileError('ERR_FILE_READ', `${path}: cannot be read: ${systemReason(error, 'reading')}`, {
    source: path,
    cause: error,
  });
}

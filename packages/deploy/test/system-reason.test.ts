import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemReason } from '../src/system-reason.js';
import { probeServedChain, readUserFile, writeFileAtomic, writeFilesAtomic } from '../src/index.js';

// Issue 15: file errors say why in plain words (`cannot be written: the folder does not exist`),
// not as an errno name in parentheses (`cannot be written (ENOENT)`).
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cw-system-reason-'));
  await writeFile(join(dir, 'plain-file'), 'x');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a failure');
}

describe('plain-word reasons for file errors', () => {
  it('a single write into a folder that does not exist', async () => {
    const write = { path: 'missing/server.key', data: 'x', mode: 0o600 };
    expect(await messageOf(writeFileAtomic(dir, write, false))).toBe(
      'missing/server.key: cannot be written: the folder does not exist',
    );
  });

  it('a set of files, one of them into a folder that does not exist', async () => {
    const writes = [
      { path: 'root.crt', data: 'x', mode: 0o644 },
      { path: 'missing/server.crt', data: 'x', mode: 0o644 },
    ];
    expect(await messageOf(writeFilesAtomic(dir, writes, false))).toBe(
      'missing/server.crt: cannot be written: the folder does not exist; nothing was changed',
    );
  });

  it('a read through a path whose folder is a file', async () => {
    expect(await messageOf(readUserFile(dir, 'plain-file/server.key'))).toBe(
      'plain-file/server.key: cannot be read: a part of the path is a file, not a folder',
    );
  });

  it('a TLS handshake with a port nothing listens on', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    expect(await messageOf(probeServedChain('127.0.0.1', port))).toBe(
      `--connect 127.0.0.1:${port}: TLS handshake failed: the connection was refused (nothing listens there)`,
    );
  });

  it.each([
    [{ code: 'ECONNREFUSED' }, 'connecting', 'the connection was refused (nothing listens there)'],
    [new Error('no answer within 10 s'), 'connecting', 'no answer within 10 s'],
    [{ code: 'ENOSPC' }, 'writing', 'the disk is full'],
    [{ code: 'EROFS' }, 'writing', 'the file system is read-only'],
    [{ code: 'EACCES' }, 'reading', 'permission denied'],
    [{ code: 'ENOENT' }, 'reading', 'it does not exist'],
    [{ code: 'EWHATEVER' }, 'reading', 'an unexpected system error (EWHATEVER)'],
    [new Error('no code'), 'writing', 'an unexpected error'],
  ] as const)('%j while %s: %s', (error, doing, reason) => {
    expect(systemReason(error, doing)).toBe(reason);
  });
});

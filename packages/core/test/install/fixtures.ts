import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  type InstallCertificateName,
  type InstallFile,
  type InstallFileSystem,
  LocalInstallFileSystem,
  type PrivateKey,
  readPrivateKey,
} from '../../src/index.js';

const vectors = fileURLToPath(new URL('../../../../test-vectors/', import.meta.url));
/** Inside every vector chain's validity window. */
export const AT = new Date('2030-06-01T00:00:00Z');

/** A server set from the test vectors: the certificate files, the key file's bytes and the key. */
export interface TestSet {
  certificates: Partial<Record<InstallCertificateName, Uint8Array>>;
  keyFile: Uint8Array;
  key: PrivateKey;
  /** What the target holds once the set is installed: name → bytes. */
  files: Map<string, Uint8Array>;
}

export async function loadSet(chain: string, keyFile: string): Promise<TestSet> {
  const dir = join(vectors, 'chains', chain);
  const certificates: TestSet['certificates'] = {};
  for (const name of ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt'] as const) {
    if (existsSync(join(dir, name))) certificates[name] = new Uint8Array(await readFile(join(dir, name)));
  }
  const keyBytes = new Uint8Array(await readFile(join(vectors, 'keys', keyFile)));
  const { key } = await readPrivateKey(keyBytes);
  const files = new Map<string, Uint8Array>(Object.entries(certificates) as [string, Uint8Array][]);
  files.set('server.key', keyBytes);
  return { certificates, keyFile: keyBytes, key, files };
}

/** The "old" set a server holds (root → ca1 → server, RSA) and the "new" one (root → ca1 → ca2 → server, EC). */
export const loadOldSet = () => loadSet('rsa-one-intermediate', 'test-rsa-2048.key');
export const loadNewSet = () => loadSet('ec-p256-two-intermediates', 'test-ec-p256.key');

export function asInstallFiles(set: TestSet): InstallFile[] {
  return [...set.files].map(([name, data]) => ({ name, data, mode: name === 'server.key' ? 0o600 : 0o644 }));
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-install-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Puts a set into a directory the way a server already holds it. */
export async function writeSet(dir: string, set: TestSet): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, data] of set.files) {
    await writeFile(join(dir, name), data);
    await chmod(join(dir, name), name === 'server.key' ? 0o600 : 0o644);
  }
}

/** Asserts the directory holds exactly this set: the same names, bytes and modes, nothing else. */
export async function expectSet(dir: string, set: TestSet): Promise<void> {
  expect((await readdir(dir)).sort()).toEqual([...set.files.keys()].sort());
  for (const [name, data] of set.files) {
    expect(new Uint8Array(await readFile(join(dir, name))), name).toEqual(data);
    expect((await stat(join(dir, name))).mode & 0o777, `${name} mode`).toBe(name === 'server.key' ? 0o600 : 0o644);
  }
}

/** Which of the sets the directory holds exactly, or undefined. */
export async function whichSet(dir: string, sets: Record<string, TestSet>): Promise<string | undefined> {
  for (const [label, set] of Object.entries(sets)) {
    try {
      await expectSet(dir, set);
      return label;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/**
 * Local disk that "dies" after a number of changes: from then on every call fails and changes
 * nothing, as if the process had been killed there (no cleanup code gets to run either).
 */
export class DyingFileSystem implements InstallFileSystem {
  private readonly disk = new LocalInstallFileSystem();
  changes = 0;

  /** With `tornWrite`, the write that dies leaves half its data behind, as a kill mid-write can. */
  constructor(
    private readonly changesBeforeDeath: number,
    private readonly tornWrite = false,
  ) {}

  private async change<T>(operation: () => Promise<T>): Promise<T> {
    if (this.changes >= this.changesBeforeDeath) throw new Error('killed');
    this.changes++;
    return operation();
  }

  private async look<T>(operation: () => Promise<T>): Promise<T> {
    if (this.changes >= this.changesBeforeDeath) throw new Error('killed');
    return operation();
  }

  readFile(path: string) {
    return this.look(() => this.disk.readFile(path));
  }
  list(dir: string) {
    return this.look(() => this.disk.list(dir));
  }
  async writeNewFile(path: string, data: Uint8Array, mode: number) {
    if (this.tornWrite && this.changes === this.changesBeforeDeath) {
      this.changes++;
      await this.disk.writeNewFile(path, data.subarray(0, Math.floor(data.length / 2)), mode);
      throw new Error('killed');
    }
    return this.change(() => this.disk.writeNewFile(path, data, mode));
  }
  rename(from: string, to: string) {
    return this.change(() => this.disk.rename(from, to));
  }
  remove(path: string) {
    return this.change(() => this.disk.remove(path));
  }
  makeDirectory(path: string, mode: number) {
    return this.change(() => this.disk.makeDirectory(path, mode));
  }
  syncDirectory(path: string) {
    return this.look(() => this.disk.syncDirectory(path));
  }
}

/** Test helpers for the keys tests: a temp directory and the real `openssl` binary. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A temp directory under os.tmpdir(); `remove()` deletes it and everything in it. */
export interface TempDir {
  path: string;
  file(name: string): string;
  write(name: string, data: string | Uint8Array): Promise<string>;
  read(name: string): Promise<Uint8Array>;
  readText(name: string): Promise<string>;
  remove(): Promise<void>;
}

export async function makeTempDir(prefix = 'certwright-keys-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  const file = (name: string) => join(path, name);
  return {
    path,
    file,
    async write(name, data) {
      await writeFile(file(name), data);
      return file(name);
    },
    async read(name) {
      return new Uint8Array(await readFile(file(name)));
    },
    readText: (name) => readFile(file(name), 'utf8'),
    remove: () => rm(path, { recursive: true, force: true }),
  };
}

/** Runs openssl in `cwd`; rejects (with openssl's stderr) when it exits non-zero. */
export async function openssl(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('openssl', args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** The iteration counts (`INTEGER` lines) and object names (`OBJECT` lines) `openssl asn1parse` shows. */
export async function asn1Summary(cwd: string, args: string[]): Promise<{ objects: string[]; integers: number[] }> {
  const lines = (await openssl(cwd, ['asn1parse', ...args])).split('\n');
  const field = (kind: string) =>
    lines.filter((line) => line.includes(`prim: ${kind}`)).map((line) => line.split(':').pop()?.trim() ?? '');
  return { objects: field('OBJECT'), integers: field('INTEGER').map((hex) => Number.parseInt(hex, 16)) };
}

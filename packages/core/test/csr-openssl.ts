/** Test helpers for the csr, cert and ca tests: a temp directory and the real `openssl` binary. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A scratch directory: write files in, run openssl there, remove it all at the end. */
export interface Scratch {
  path: string;
  write(name: string, data: string | Uint8Array): Promise<string>;
  read(name: string): Promise<Uint8Array>;
  readText(name: string): Promise<string>;
  /** Runs openssl in the directory; rejects with openssl's stderr when it exits non-zero. */
  openssl(...args: string[]): Promise<string>;
  /** Runs openssl and reports whether it exited 0, with everything it printed. */
  opensslStatus(...args: string[]): Promise<{ ok: boolean; output: string }>;
  remove(): Promise<void>;
}

export async function makeScratch(): Promise<Scratch> {
  const path = await mkdtemp(join(tmpdir(), 'certwright-csr-'));
  const file = (name: string) => join(path, name);
  const openssl = async (...args: string[]) => (await run('openssl', args, { cwd: path })).stdout;
  return {
    path,
    async write(name, data) {
      await writeFile(file(name), data);
      return file(name);
    },
    read: async (name) => new Uint8Array(await readFile(file(name))),
    readText: (name) => readFile(file(name), 'utf8'),
    openssl,
    async opensslStatus(...args) {
      try {
        const { stdout, stderr } = await run('openssl', args, { cwd: path });
        return { ok: true, output: stdout + stderr };
      } catch (error) {
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        return { ok: false, output: stdout + stderr };
      }
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}

/** Seconds since the epoch, for `openssl verify -attime`. */
export function epochSeconds(date: Date): string {
  return String(Math.floor(date.getTime() / 1000));
}

/** A copy of the bytes with one byte inverted (`index` may be negative: counted from the end). */
export function flipByte(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  const at = index < 0 ? copy.length + index : index;
  copy[at] = (copy[at] as number) ^ 0xff;
  return copy;
}

/** The date `openssl x509 -dates` prints for notBefore/notAfter, as a Date. */
export function opensslDate(text: string, field: 'notBefore' | 'notAfter'): Date {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${field}=`));
  if (line === undefined) throw new Error(`no ${field} in openssl output`);
  return new Date(line.slice(field.length + 1));
}

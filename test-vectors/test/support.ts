import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VECTORS = fileURLToPath(new URL('..', import.meta.url));
export const KEYS_DIR = join(VECTORS, 'keys');
export const CSRS_DIR = join(VECTORS, 'csrs');
export const CHAINS_DIR = join(VECTORS, 'chains');
/** Chain cases that need validation inputs beyond certificates, time, purpose and host name. */
export const CHAINS_OPTIONS_DIR = join(VECTORS, 'chains-options');

/** The case directories under `parent`, sorted: read at collection time so every case is its own test. */
export async function caseIds(parent: string): Promise<string[]> {
  const entries = await readdir(parent, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

export interface ChainCase {
  id: string;
  description: string;
  trusted: string[];
  untrusted: string[];
  leaf: string;
  validationTime: string;
  purpose: 'server' | 'client' | 'any';
  hostname?: string;
  ip?: string;
  email?: string;
  /** CRL files (PEM); once given, every certificate but the anchor needs a current CRL from its issuer. */
  crls?: string[];
  profile?: 'rfc5280' | 'strict' | 'webpki';
  allowWeak?: boolean;
  maxDepth?: number;
  maxCandidates?: number;
  policy?: { initialPolicySet?: string[]; explicitPolicy?: boolean };
  /** `throws`: validateChain throws a ChainError with `code` instead of returning a result. */
  expected: { valid: boolean; code: string | null; throws?: boolean };
  /** False when `openssl verify` does not implement the check (its verdict differs); opensslNote says why. */
  opensslAgrees?: false;
  opensslNote?: string;
}

export interface CsrCase {
  description: string;
  csr: string;
  key: string;
  expected: { signatureValid: boolean; lint: string[] };
}

export interface RunResult {
  status: number;
  output: string;
}

/** Runs the real openssl binary; a non-zero exit is a result here, not an exception. */
export function runOpenssl(args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ status: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** The first line of PASSPHRASE.txt, as `openssl -passin file:` and the CLI's --passphrase-file read it. */
export async function testPassphrase(): Promise<string> {
  const text = await readFile(join(KEYS_DIR, 'PASSPHRASE.txt'), 'utf8');
  return text.split(/\r?\n/)[0] ?? '';
}

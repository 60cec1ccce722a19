import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeChainCases } from './chains.js';
import { writeCsrCases } from './csrs.js';
import { ensureTestKeys } from './keys.js';
import { writeOcspCases } from './ocsp.js';

/** test-vectors/, from either generate/*.ts (tests) or dist/*.js (npm run generate). */
export const VECTORS_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface GenerateOptions {
  /** Where keys/, csrs/, chains/, chains-options/ and ocsp/ go. Default: test-vectors/ itself. */
  outDir?: string;
  /** Make new keys even where key files exist (every certificate and CSR changes). */
  freshKeys?: boolean;
}

/** Writes keys (reusing existing ones), CSR cases, chain cases and OCSP cases; returns the case ids written. */
export async function generateVectors(
  options: GenerateOptions = {},
): Promise<{ csrs: string[]; chains: string[]; chainsOptions: string[]; ocsp: string[] }> {
  const outDir = resolve(options.outDir ?? VECTORS_ROOT);
  const keys = await ensureTestKeys(join(outDir, 'keys'), options.freshKeys ?? false);
  const csrs = await writeCsrCases(join(outDir, 'csrs'), keys);
  const { chains, chainsOptions } = await writeChainCases(join(outDir, 'chains'), join(outDir, 'chains-options'), keys);
  const ocsp = await writeOcspCases(join(outDir, 'ocsp'), keys);
  return { csrs, chains, chainsOptions, ocsp };
}

import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isEcdsaSigned, signedParts } from './der.js';
import { fromPem } from './pem.js';

export const CASE_FILE = 'case.json';

/**
 * Writes one case directory: its files and case.json, and removes files a previous recipe left.
 * A certificate or CSR that differs from the file on disk only in its (randomized) ECDSA signature
 * keeps the file on disk, so rerunning the generator changes nothing that need not change.
 */
export async function writeCase(dir: string, files: Record<string, string>, caseJson: object): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const entry of await readdir(dir)) {
    if (entry !== CASE_FILE && !(entry in files)) await rm(join(dir, entry), { recursive: true });
  }
  for (const [name, text] of Object.entries(files)) {
    const previous = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (previous !== undefined && (previous === text || differsOnlyInEcdsaSignature(previous, text))) continue;
    await writeFile(join(dir, name), text);
  }
  await writeFile(join(dir, CASE_FILE), `${JSON.stringify(caseJson, null, 2)}\n`);
}

/** Removes case directories under `parent` that no recipe produces any more. */
export async function pruneCases(parent: string, keep: readonly string[]): Promise<void> {
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory() && !keep.includes(entry.name)) await rm(join(parent, entry.name), { recursive: true });
  }
}

/** True when both PEM texts hold ECDSA-signed objects with the same signed content and algorithm. */
export function differsOnlyInEcdsaSignature(aPem: string, bPem: string): boolean {
  try {
    const a = fromPem(aPem);
    const b = fromPem(bPem);
    if (!isEcdsaSigned(a) || !isEcdsaSigned(b)) return false;
    const [partsA, partsB] = [signedParts(a), signedParts(b)];
    return (
      Buffer.from(partsA.toBeSigned).equals(partsB.toBeSigned) && Buffer.from(partsA.algorithm).equals(partsB.algorithm)
    );
  } catch {
    return false;
  }
}

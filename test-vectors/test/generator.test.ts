import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEcdsaSigned, signedParts } from '../generate/der.js';
import { fromPem } from '../generate/pem.js';
import { generateVectors } from '../generate/vectors.js';
import { CHAINS_DIR, CHAINS_OPTIONS_DIR, CSRS_DIR, caseIds, KEYS_DIR } from './support.js';

// Rerunning the generator on the committed keys must reproduce the committed vectors: byte for
// byte, except ECDSA signatures (randomized), whose signed content must still be identical.
let out: string;
let generated: { csrs: string[]; chains: string[]; chainsOptions: string[] };

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'certwright-generator-'));
  await cp(KEYS_DIR, join(out, 'keys'), { recursive: true });
  generated = await generateVectors({ outDir: out });
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const committed = {
  csrs: await caseIds(CSRS_DIR),
  chains: await caseIds(CHAINS_DIR),
  chainsOptions: await caseIds(CHAINS_OPTIONS_DIR),
};

// [label, case]: `csrs/no-san`, with where the committed and the regenerated copies live.
const caseFiles = [
  ...committed.csrs.map((id) => ({ path: `csrs/${id}`, dir: join(CSRS_DIR, id) })),
  ...committed.chains.map((id) => ({ path: `chains/${id}`, dir: join(CHAINS_DIR, id) })),
  ...committed.chainsOptions.map((id) => ({ path: `chains-options/${id}`, dir: join(CHAINS_OPTIONS_DIR, id) })),
].map((entry) => [entry.path, entry] as const);

describe('the generator', () => {
  it('makes exactly the committed cases', () => {
    expect([...generated.csrs].sort()).toEqual(committed.csrs);
    expect([...generated.chains].sort()).toEqual(committed.chains);
    expect([...generated.chainsOptions].sort()).toEqual(committed.chainsOptions);
  });

  it('reuses the committed keys instead of making new ones', async () => {
    for (const file of await readdir(KEYS_DIR)) {
      expect(await readFile(join(out, 'keys', file)), file).toEqual(await readFile(join(KEYS_DIR, file)));
    }
  });

  it.each(caseFiles)('%s: same files, case.json byte-identical', async (_label, { path, dir }) => {
    const freshDir = join(out, path);
    expect((await readdir(freshDir)).sort()).toEqual((await readdir(dir)).sort());
    expect(await readFile(join(freshDir, 'case.json'), 'utf8')).toBe(await readFile(join(dir, 'case.json'), 'utf8'));
  });

  it.each(caseFiles)(
    '%s: certificates and CSRs identical, or differing only in an ECDSA signature',
    async (_label, { path, dir }) => {
      const signedFiles = (await readdir(dir)).filter((file) => file !== 'case.json');
      expect(signedFiles.length).toBeGreaterThan(0);
      for (const file of signedFiles) {
        const [fresh, kept] = await Promise.all([
          readFile(join(out, path, file), 'utf8'),
          readFile(join(dir, file), 'utf8'),
        ]);
        if (fresh === kept) continue;
        const [freshDer, keptDer] = [fromPem(fresh), fromPem(kept)];
        expect(isEcdsaSigned(freshDer), `${file} differs but is not ECDSA-signed`).toBe(true);
        expect(signedParts(freshDer).toBeSigned, file).toEqual(signedParts(keptDer).toBeSigned);
      }
    },
  );
});

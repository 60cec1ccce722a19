import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateChain } from '../src/index.js';

const chainsDir = fileURLToPath(new URL('../../../test-vectors/chains/', import.meta.url));

interface VectorCase {
  id: string;
  trusted: string[];
  untrusted: string[];
  leaf: string;
  validationTime: string;
  purpose: 'server' | 'client';
  hostname?: string;
  expected: { valid: boolean; code: string | null };
}

const cases = readdirSync(chainsDir).map((name) => {
  const dir = join(chainsDir, name);
  return { dir, spec: JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as VectorCase };
});

describe('validateChain on the committed test vectors', () => {
  it.each(cases.map((entry) => [entry.spec.id, entry] as const))('%s', (_, { dir, spec }) => {
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    const result = validateChain({
      leaf: read(spec.leaf),
      // Reversed, so the builder has to order them itself.
      intermediates: spec.untrusted.map(read).reverse(),
      trustAnchors: spec.trusted.map(read),
      at: new Date(spec.validationTime),
      purpose: spec.purpose,
      ...(spec.hostname === undefined ? {} : { hostname: spec.hostname }),
    });
    expect(result.valid).toBe(spec.expected.valid);
    if (spec.expected.code !== null)
      expect(result.problems.map((problem) => problem.code)).toContain(spec.expected.code);
    else expect(result.problems).toEqual([]);
  });
});

describe('validateChain profile webpki on the committed test vectors', () => {
  it.each(cases.map((entry) => [entry.spec.id, entry] as const))('%s', (_, { dir, spec }) => {
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    const result = validateChain({
      leaf: read(spec.leaf),
      intermediates: spec.untrusted.map(read),
      trustAnchors: spec.trusted.map(read),
      at: new Date(spec.validationTime),
      profile: 'webpki',
      ...(spec.hostname === undefined ? {} : { hostname: spec.hostname }),
    });
    // The Baseline Requirements allow RSA and ECDSA keys only: Ed25519 chains fail this profile.
    const ed25519 = spec.id.startsWith('ed25519');
    expect(result.valid).toBe(spec.expected.valid && !ed25519);
    if (ed25519)
      expect(new Set(result.problems.map((problem) => problem.code))).toEqual(new Set(['ERR_CHAIN_WEBPKI_PROFILE']));
    else if (spec.expected.code !== null)
      expect(result.problems.map((problem) => problem.code)).toContain(spec.expected.code);
  });
});

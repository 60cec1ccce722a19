// Seeds from the committed test vectors: certificates, chains with their cases, CRLs, CSRs and
// keys (fixed files with fixed dates, so the seed set is the same on every run).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pemBlocks } from './pem.mjs';

const vectors = fileURLToPath(new URL('../test-vectors/', import.meta.url));

/** The passphrase every fuzz seed is encrypted with (the store password too). */
export const FUZZ_PASSWORD = 'fuzz-password';

const read = (path) => readFileSync(join(vectors, path));
const text = (path) => readFileSync(join(vectors, path), 'utf8');

/** Every chain case: its id, parsed case.json, and its files' DER (first PEM block of each). */
export function chainCases() {
  const cases = [];
  for (const group of ['chains', 'chains-options']) {
    for (const id of readdirSync(join(vectors, group)).sort()) {
      const dir = `${group}/${id}`;
      const spec = JSON.parse(text(`${dir}/case.json`));
      const files = {};
      for (const name of readdirSync(join(vectors, dir)).sort()) {
        if (!/\.(crt|crl)$/.test(name)) continue;
        const block = pemBlocks(text(`${dir}/${name}`))[0];
        if (block !== undefined) files[name] = block.der;
      }
      cases.push({ id, spec, files });
    }
  }
  return cases;
}

/** Each distinct certificate of the chain cases, DER. */
export function certificates() {
  const seen = new Map();
  for (const { files } of chainCases()) {
    for (const [name, der] of Object.entries(files)) {
      if (name.endsWith('.crt')) seen.set(der.toString('hex'), der);
    }
  }
  return [...seen.values()];
}

/** The CSRs of test-vectors/csrs, DER. */
export function csrs() {
  return readdirSync(join(vectors, 'csrs'))
    .sort()
    .map((id) => pemBlocks(text(`csrs/${id}/request.csr`))[0].der);
}

/** The unencrypted keys of test-vectors/keys: { name, label, der } (PKCS#8, PKCS#1 and SEC 1). */
export function plainKeys() {
  return readdirSync(join(vectors, 'keys'))
    .filter((name) => name.endsWith('.key') && !name.includes('encrypted'))
    .sort()
    .map((name) => ({ name, ...pemBlocks(text(`keys/${name}`))[0] }));
}

/** The private key (PEM text) of a test CA, for re-signing mutated certificates and CRLs. */
export function caKeyPem(family, role) {
  return text(`keys/test-${family}-${role}.key`);
}

export { read };

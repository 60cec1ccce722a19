// Helpers the targets share: mutating DER seeds, and finding the KDF iteration count an input
// asks for (inputs that ask for a huge but allowed one are slow by design, not findings).
import { allNodes, cloneNodes, encodeDer, integerValue, parseDer } from '../der-tree.mjs';
import { mutateBytes } from '../mutate-bytes.mjs';
import { donorNodes, mutateTree } from '../mutate-der.mjs';
import { pemBlocks } from '../pem.mjs';

/** Seeds parsed once: { der, tree }[], plus nodes to splice from. */
export function prepareDer(seeds) {
  const prepared = seeds.map((der) => ({ der: Buffer.from(der), tree: parseDer(der) }));
  return { seeds: prepared, donors: donorNodes(prepared.map((seed) => seed.tree).filter(Boolean)) };
}

/** A mutant of one of the seeds: mostly structure-aware, sometimes byte-level on top. */
export function mutateDer(prepared, rng) {
  const seed = rng.pick(prepared.seeds);
  return mutateSeed(seed, prepared, rng);
}

/** Stacked mutations can compound (copies of a grown element); past this the mutant is dropped. */
const MAX_INPUT_BYTES = 256 * 1024;

export function mutateSeed(seed, prepared, rng) {
  let bytes = seed.der;
  let changed = false;
  if (seed.tree !== undefined && rng.chance(0.85)) {
    const tree = cloneNodes(seed.tree);
    changed = mutateTree(tree, rng, prepared.donors).length > 0;
    bytes = encodeDer(tree);
    if (bytes.length > MAX_INPUT_BYTES) {
      bytes = seed.der;
      changed = false;
    }
  }
  if (!changed || rng.chance(0.2)) bytes = mutateBytes(bytes, rng, rng.pick(prepared.seeds).der);
  return bytes;
}

/** A mutation applied to a tree in place, for targets that re-wrap what they mutate. */
export function mutateNodes(tree, prepared, rng) {
  return mutateTree(tree, rng, prepared.donors);
}

export { MAX_INPUT_BYTES };

/**
 * The largest iteration count in the input: an INTEGER right after an OCTET STRING (the salt) in a
 * SEQUENCE, the shape of PBKDF2 parameters, PKCS#12 PBE parameters and PKCS#12 MacData.
 */
export function kdfIterations(bytes) {
  let max = 0;
  for (const der of derViews(bytes)) {
    const tree = parseDer(der);
    if (tree === undefined) continue;
    for (const { node } of allNodes(tree)) {
      const children = node.children ?? [];
      for (let i = 1; i < children.length; i++) {
        if (children[i - 1].tag !== 0x04 || children[i].tag !== 0x02 || children[i].content === undefined) continue;
        const value = integerValue(children[i].content);
        if (value !== undefined && value > BigInt(max)) max = Number(value);
      }
    }
  }
  return max;
}

/** The DER an input holds: itself, or the bodies of its PEM blocks. */
function derViews(bytes) {
  const text = Buffer.from(bytes).toString('latin1');
  if (!text.includes('-----BEGIN')) return [bytes];
  return pemBlocks(text).map((block) => block.der);
}

export const bytesOf = (text) => Buffer.from(text, 'utf8');

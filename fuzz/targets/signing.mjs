// Re-signs a mutated certificate or CRL with its issuer's test key, so that the mutation survives
// the signature check and reaches the checks after it (validity, extensions, revocation).
import { createPrivateKey, sign } from 'node:crypto';
import { cloneNodes, encodeDer, parseDer, primitive } from '../der-tree.mjs';
import { caKeyPem } from '../seeds.mjs';
import { MAX_INPUT_BYTES } from './common.mjs';

const keys = new Map();

/** The RSA test CA key for a role ('root', 'ca1', 'ca2'), or undefined. */
export function rsaCaKey(role) {
  if (!['root', 'ca1', 'ca2'].includes(role)) return undefined;
  if (!keys.has(role)) keys.set(role, createPrivateKey(caKeyPem('rsa-2048', role)));
  return keys.get(role);
}

/**
 * `der` (a signed object: SEQUENCE { tbs, algorithm, signature }) with `mutate` applied to its
 * to-be-signed part and signed again with `key` (RSA PKCS#1 v1.5, SHA-256: deterministic).
 * Undefined when `der` does not have that shape.
 */
export function mutateAndResign(der, key, mutate) {
  const tree = parseDer(der);
  const outer = tree?.[0];
  if (tree?.length !== 1 || outer.children?.length !== 3 || outer.children[0].children === undefined) return undefined;
  const copy = cloneNodes(tree);
  const tbs = copy[0].children[0];
  mutate([tbs]);
  const tbsDer = encodeDer([tbs]);
  // Mutations can compound (copies of copies); past the input cap the caller falls back to a plain mutation.
  if (tbsDer.length > MAX_INPUT_BYTES) return undefined;
  const signature = sign('sha256', tbsDer, key);
  copy[0].children[2] = primitive(0x03, Buffer.concat([Buffer.of(0), signature]));
  return encodeDer(copy);
}

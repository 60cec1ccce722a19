// Java KeyStores built from parts, so that the fuzzer can mutate an entry (its alias, dates, chain,
// certificates or the key inside Sun's key protector) and then protect the key and compute the
// store's SHA-1 integrity digest again with the known password: the mutation reaches the parsers.
import { createHash } from 'node:crypto';
import { constructed, encodeDer, primitive } from './der-tree.mjs';
import { oidContent } from './oid-dictionary.mjs';

/**
 * @typedef {object} JksEntryModel
 * @property {number} tag             1 key entry, 2 trusted certificate (anything else to test)
 * @property {Uint8Array} alias       the alias bytes as stored (Java's modified UTF-8)
 * @property {bigint} created         milliseconds since 1970 (a Java long)
 * @property {Uint8Array[]} certificates
 * @property {Uint8Array} [pkcs8]     a key entry's plaintext key, protected at build time
 * @property {number} [declaredChain] a chain count other than the real one
 */

/** The store's bytes: header, entries, then the digest (or `digest` as given, to test a bad one). */
export function buildJks(entries, password, rng, { declaredCount, version = 2, keepDigest } = {}) {
  const parts = [u32(0xfeedfeed), u32(version), u32(declaredCount ?? entries.length)];
  for (const entry of entries) {
    parts.push(u32(entry.tag), u16(entry.alias.length), entry.alias, u64(entry.created));
    if (entry.tag === 1) {
      const protectedKey = protectKey(entry.pkcs8 ?? Buffer.alloc(0), password, rng);
      parts.push(u32(protectedKey.length), protectedKey, u32(entry.declaredChain ?? entry.certificates.length));
    }
    for (const der of entry.certificates) parts.push(u16(5), Buffer.from('X.509'), u32(der.length), der);
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, keepDigest ?? integrityDigest(password, body)]);
}

/** SHA-1(password as UTF-16BE || "Mighty Aphrodite" || store bytes). */
export function integrityDigest(password, body) {
  return createHash('sha1').update(utf16be(password)).update('Mighty Aphrodite').update(body).digest();
}

/** Sun's key protector around a PKCS#8 key: salt, SHA-1 keystream XOR, SHA-1 check value. */
function protectKey(pkcs8, password, rng) {
  const passwordBytes = utf16be(password);
  const salt = Buffer.from(rng.bytes(20));
  const encrypted = Buffer.alloc(pkcs8.length);
  let block = salt;
  for (let offset = 0; offset < pkcs8.length; offset += 20) {
    block = createHash('sha1').update(passwordBytes).update(block).digest();
    for (let i = offset; i < Math.min(offset + 20, pkcs8.length); i++) encrypted[i] = pkcs8[i] ^ block[i - offset];
  }
  const check = createHash('sha1').update(passwordBytes).update(pkcs8).digest();
  const algorithm = constructed(0x30, [primitive(0x06, oidContent('1.3.6.1.4.1.42.2.17.1.1')), primitive(0x05, [])]);
  return encodeDer([constructed(0x30, [algorithm, primitive(0x04, Buffer.concat([salt, encrypted, check]))])]);
}

function utf16be(text) {
  const out = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return out;
}

const u16 = (value) => {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(value & 0xffff);
  return out;
};
const u32 = (value) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out;
};
const u64 = (value) => {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt.asUintN(64, BigInt(value)));
  return out;
};

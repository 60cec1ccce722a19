// The encryptions the fuzzer redoes after mutating what is inside them (PBES2, legacy PEM, the
// PKCS#12 KDF and MAC), so that a mutated key or bag still decrypts and reaches its parser.
// Salts and IVs come from the caller's random source: the same input every run.
import { createCipheriv, createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { constructed, encodeDer, integerContent, primitive } from './der-tree.mjs';
import { oidContent } from './oid-dictionary.mjs';

const OID = 0x06;
const SEQUENCE = 0x30;
const OCTET_STRING = 0x04;
const INTEGER = 0x02;

/** EncryptedPrivateKeyInfo (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) around PKCS#8 DER. */
export function encryptPkcs8(pkcs8, password, rng, iterations = 1 + rng.below(16)) {
  const salt = rng.bytes(16);
  const iv = rng.bytes(16);
  const key = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  const algorithm = constructed(SEQUENCE, [
    primitive(OID, oidContent('1.2.840.113549.1.5.13')),
    constructed(SEQUENCE, [
      constructed(SEQUENCE, [
        primitive(OID, oidContent('1.2.840.113549.1.5.12')),
        constructed(SEQUENCE, [
          primitive(OCTET_STRING, salt),
          primitive(INTEGER, integerContent(iterations)),
          constructed(SEQUENCE, [primitive(OID, oidContent('1.2.840.113549.2.9')), primitive(0x05, [])]),
        ]),
      ]),
      constructed(SEQUENCE, [primitive(OID, oidContent('2.16.840.1.101.3.4.1.42')), primitive(OCTET_STRING, iv)]),
    ]),
  ]);
  return encodeDer([constructed(SEQUENCE, [algorithm, primitive(OCTET_STRING, encrypted)])]);
}

/** A legacy encrypted PEM body (`Proc-Type: 4,ENCRYPTED`): EVP_BytesToKey(MD5, one round). */
export function legacyEncrypt(der, password, rng) {
  const [name, cipherName, keyLength] = rng.pick([
    ['AES-256-CBC', 'aes-256-cbc', 32],
    ['AES-128-CBC', 'aes-128-cbc', 16],
    ['DES-EDE3-CBC', 'des-ede3-cbc', 24],
  ]);
  const iv = rng.bytes(cipherName.startsWith('aes') ? 16 : 8);
  const key = bytesToKey(Buffer.from(password, 'utf8'), iv.subarray(0, 8), keyLength);
  const cipher = createCipheriv(cipherName, key, iv);
  const body = Buffer.concat([cipher.update(der), cipher.final()]);
  return {
    headers: `Proc-Type: 4,ENCRYPTED\nDEK-Info: ${name},${Buffer.from(iv).toString('hex').toUpperCase()}\n\n`,
    body,
  };
}

function bytesToKey(password, salt, length) {
  const parts = [];
  let previous = Buffer.alloc(0);
  while (Buffer.concat(parts).length < length) {
    previous = createHash('md5')
      .update(Buffer.concat([previous, password, salt]))
      .digest();
    parts.push(previous);
  }
  return Buffer.concat(parts).subarray(0, length);
}

/** RFC 7292 appendix B: the PKCS#12 key derivation (id 1 key, 2 IV, 3 MAC key). */
export function pkcs12Kdf(password, salt, id, iterations, length, hash = 'sha256') {
  const u = hash === 'sha1' ? 20 : hash === 'sha512' ? 64 : 32;
  const v = hash === 'sha512' ? 128 : 64;
  const pass = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) pass.writeUInt16BE(password.charCodeAt(i), i * 2);
  const fill = (bytes) => {
    if (bytes.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(bytes.length / v));
    for (let i = 0; i < out.length; i++) out[i] = bytes[i % bytes.length];
    return out;
  };
  const diversifier = Buffer.alloc(v, id);
  let block = Buffer.concat([fill(Buffer.from(salt)), fill(pass)]);
  const out = [];
  for (let produced = 0; produced < length; produced += u) {
    let a = createHash(hash).update(diversifier).update(block).digest();
    for (let i = 1; i < iterations; i++) a = createHash(hash).update(a).digest();
    out.push(a);
    const b = fill(a);
    const next = Buffer.alloc(block.length);
    for (let j = 0; j < block.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = block[j + k] + b[k] + carry;
        next[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
    block = next;
  }
  return Buffer.concat(out).subarray(0, length);
}

/** The PKCS#12 MAC (HMAC with the KDF's id-3 key) over `data`. */
export function pkcs12Mac(password, salt, iterations, data, hash = 'sha256') {
  const size = hash === 'sha1' ? 20 : hash === 'sha512' ? 64 : 32;
  const key = pkcs12Kdf(password, salt, 3, iterations, size, hash);
  return createHmac(hash, key).update(data).digest();
}

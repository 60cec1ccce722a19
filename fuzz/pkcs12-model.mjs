// PKCS#12 files built from parts, so that the fuzzer can mutate what is inside the encryption and
// the MAC (bags, certificates, keys, friendly names) and then encrypt and MAC the result again with
// the known password: the mutation reaches the bag parsers instead of failing the MAC check.
import { createCipheriv, createHash } from 'node:crypto';
import { encryptPkcs8, pkcs12Kdf, pkcs12Mac } from './crypto-helpers.mjs';
import { constructed, encodeDer, integerContent, parseDer, primitive } from './der-tree.mjs';
import { oidContent } from './oid-dictionary.mjs';

const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;
const OCTET_STRING = 0x04;
const INTEGER = 0x02;
const oid = (dotted) => primitive(OID, oidContent(dotted));
const explicit0 = (child) => constructed(0xa0, [child]);

const DATA = '1.2.840.113549.1.7.1';
const ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
const HASH_OIDS = { sha1: '1.3.14.3.2.26', sha256: '2.16.840.1.101.3.4.2.1' };

/**
 * @typedef {object} Pkcs12Model
 * @property {{ encryption: 'none' | 'pbes2' | '3des', bags: import('./der-tree.mjs').DerNode[] }[]} safes
 *   each bag a SafeBag tree; a shrouded key bag's value holds the plaintext PKCS#8 tree in `plainKey`
 * @property {{ hash: 'sha1' | 'sha256', iterations: number, declaredIterations?: number | bigint, declaredHash?: string } | undefined} mac
 */

/** A certificate bag for `der` with optional friendly name and local key id. */
export function certBag(der, friendlyName, localKeyId) {
  const value = constructed(SEQUENCE, [oid('1.2.840.113549.1.9.22.1'), explicit0(primitive(OCTET_STRING, der))]);
  return bag('1.2.840.113549.1.12.10.1.3', value, friendlyName, localKeyId);
}

/** A key bag: the plaintext PKCS#8 (`openssl pkcs12 -keypbe NONE`), or shrouded (encrypted at build time). */
export function keyBag(pkcs8, shrouded, friendlyName, localKeyId) {
  const tree = parseDer(pkcs8);
  if (!shrouded) return bag('1.2.840.113549.1.12.10.1.1', tree[0], friendlyName, localKeyId);
  const node = bag('1.2.840.113549.1.12.10.1.2', { tag: 0x30, children: [], plainKey: tree }, friendlyName, localKeyId);
  return node;
}

function bag(type, value, friendlyName, localKeyId) {
  const attributes = [];
  if (friendlyName !== undefined) {
    const bmp = Buffer.alloc(friendlyName.length * 2);
    for (let i = 0; i < friendlyName.length; i++) bmp.writeUInt16BE(friendlyName.charCodeAt(i), i * 2);
    attributes.push(constructed(SEQUENCE, [oid('1.2.840.113549.1.9.20'), constructed(SET, [primitive(0x1e, bmp)])]));
  }
  if (localKeyId !== undefined) {
    attributes.push(
      constructed(SEQUENCE, [oid('1.2.840.113549.1.9.21'), constructed(SET, [primitive(OCTET_STRING, localKeyId)])]),
    );
  }
  const children = [oid(type), explicit0(value)];
  if (attributes.length > 0) children.push(constructed(SET, attributes));
  return constructed(SEQUENCE, children);
}

/**
 * The PFX as a tree (before the MAC), with the path to the authenticated-safe bytes the MAC covers.
 * `rng` picks salts and IVs; `password` encrypts and shrouds.
 */
export function buildPfxTree(model, password, rng) {
  const contentInfos = model.safes.map((safe) => {
    const bags = safe.bags.map((node) => shroudKeys(node, password, rng));
    const safeContents = encodeDer([constructed(SEQUENCE, bags)]);
    if (safe.encryption === 'none')
      return constructed(SEQUENCE, [oid(DATA), explicit0(primitive(OCTET_STRING, safeContents))]);
    const { algorithm, ciphertext } = encryptSafe(safe.encryption, safeContents, password, rng);
    const encryptedData = constructed(SEQUENCE, [
      primitive(INTEGER, [0]),
      constructed(SEQUENCE, [oid(DATA), algorithm, primitive(0x80, ciphertext)]),
    ]);
    return constructed(SEQUENCE, [oid(ENCRYPTED_DATA), explicit0(encryptedData)]);
  });
  const authSafe = encodeDer([constructed(SEQUENCE, contentInfos)]);
  return [
    constructed(SEQUENCE, [
      primitive(INTEGER, [3]),
      constructed(SEQUENCE, [
        oid(DATA),
        explicit0({
          tag: OCTET_STRING,
          content: authSafe,
          inner: { prefix: Buffer.alloc(0), nodes: parseDer(authSafe) },
        }),
      ]),
    ]),
  ];
}

/** The PFX's DER with a MAC (when the model has one) over whatever its authenticated safe now holds. */
export function finishPfx(tree, model, password, rng) {
  const pfx = tree[0];
  const macData = pfx.children?.find((child) => child.macData);
  if (macData !== undefined) pfx.children.splice(pfx.children.indexOf(macData), 1);
  if (model.mac !== undefined) {
    const covered = authSafeBytes(pfx);
    const salt = rng.bytes(8);
    const digest = pkcs12Mac(password, salt, model.mac.iterations, covered ?? Buffer.alloc(0), model.mac.hash);
    const mac = constructed(SEQUENCE, [
      constructed(SEQUENCE, [
        constructed(SEQUENCE, [oid(model.mac.declaredHash ?? HASH_OIDS[model.mac.hash]), primitive(0x05, [])]),
        primitive(OCTET_STRING, digest),
      ]),
      primitive(OCTET_STRING, salt),
      // A declared count other than the one used tests the caps without paying for the derivation.
      primitive(INTEGER, integerContent(model.mac.declaredIterations ?? model.mac.iterations)),
    ]);
    mac.macData = true;
    pfx.children?.push(mac);
  }
  return encodeDer(tree);
}

/** The bytes the MAC covers: the content of the authSafe OCTET STRING, if the tree still has one. */
function authSafeBytes(pfx) {
  const octets = pfx.children?.[1]?.children?.[1]?.children?.[0];
  if (octets === undefined || octets.tag !== OCTET_STRING) return undefined;
  if (octets.inner !== undefined) return encodeDer(octets.inner.nodes);
  return octets.content;
}

function shroudKeys(node, password, rng) {
  const value = node.children?.[1]?.children?.[0];
  if (value?.plainKey === undefined) return node;
  const encrypted = encryptPkcs8(encodeDer(value.plainKey), password, rng);
  return { ...node, children: [node.children[0], explicit0(parseDer(encrypted)[0]), ...node.children.slice(2)] };
}

function encryptSafe(encryption, plaintext, password, rng) {
  if (encryption === 'pbes2') {
    // Same layout as a PBES2 EncryptedPrivateKeyInfo: reuse it and take its parts.
    const info = parseDer(encryptPkcs8(plaintext, password, rng))[0];
    return { algorithm: info.children[0], ciphertext: info.children[1].content };
  }
  const salt = rng.bytes(8);
  const iterations = 1 + rng.below(8);
  const key = pkcs12Kdf(password, salt, 1, iterations, 24, 'sha1');
  const iv = pkcs12Kdf(password, salt, 2, iterations, 8, 'sha1');
  const cipher = createCipheriv('des-ede3-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const algorithm = constructed(SEQUENCE, [
    oid('1.2.840.113549.1.12.1.3'),
    constructed(SEQUENCE, [primitive(OCTET_STRING, salt), primitive(INTEGER, integerContent(iterations))]),
  ]);
  return { algorithm, ciphertext };
}

/** A stable id for a certificate, as `openssl pkcs12` writes it (SHA-1 of the key's certificate). */
export const localKeyIdOf = (der) => createHash('sha1').update(der).digest();

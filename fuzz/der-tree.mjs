// A forgiving DER tree for the mutator: parse once, change a node, encode again with every length
// recomputed, so a mutation deep inside a certificate still reaches the parser that reads that node
// instead of being stopped at the first length check. OCTET STRING and BIT STRING contents that are
// themselves DER (extension values, PKCS#8 keys, PKCS#7 content) are parsed too.

/**
 * @typedef {object} DerNode
 * @property {number} tag          the identifier byte (single-byte tags; others stay opaque bytes)
 * @property {DerNode[]} [children] a constructed element's children
 * @property {Uint8Array} [content] a primitive element's bytes
 * @property {{ prefix: Uint8Array, nodes: DerNode[] }} [inner] DER nested in a primitive's content
 * @property {boolean} [indefinite] encode with BER's indefinite length (constructed only)
 * @property {number} [lengthPad]  extra leading zero bytes in the length (non-minimal, BER)
 */

const MAX_PARSE_DEPTH = 200;

/** The nodes spanning all of `bytes`, or undefined when they are not DER. */
export function parseDer(bytes) {
  return parseAll(bytes, 0);
}

function parseAll(bytes, depth) {
  if (depth > MAX_PARSE_DEPTH) return undefined;
  const nodes = [];
  let offset = 0;
  while (offset < bytes.length) {
    const parsed = parseOne(bytes, offset, depth);
    if (parsed === undefined) return undefined;
    nodes.push(parsed.node);
    offset = parsed.end;
  }
  return nodes;
}

function parseOne(bytes, offset, depth) {
  const tag = bytes[offset];
  if (tag === undefined || (tag & 0x1f) === 0x1f) return undefined;
  let length = bytes[offset + 1];
  if (length === undefined) return undefined;
  let start = offset + 2;
  if (length >= 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > bytes.length) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[start + i];
    start += count;
  }
  const end = start + length;
  if (end > bytes.length) return undefined;
  const content = bytes.subarray(start, end);
  if ((tag & 0x20) !== 0) {
    const children = parseAll(content, depth + 1);
    return children === undefined ? undefined : { node: { tag, children }, end };
  }
  const node = { tag, content };
  const inner = parseInner(tag, content, depth);
  if (inner !== undefined) node.inner = inner;
  return { node, end };
}

/** DER inside an OCTET STRING, a BIT STRING (after its unused-bits byte) or an implicit [n]. */
function parseInner(tag, content, depth) {
  const isBitString = tag === 0x03;
  if (!(isBitString || tag === 0x04 || (tag & 0xc0) === 0x80)) return undefined;
  const prefix = isBitString ? content.subarray(0, 1) : content.subarray(0, 0);
  if (isBitString && content[0] !== 0) return undefined;
  const body = content.subarray(prefix.length);
  // Only bodies that start like a structure; a random signature rarely does, a key always does.
  if (body.length < 2 || ![0x30, 0x31, 0x04, 0x02, 0x03].includes(body[0])) return undefined;
  const nodes = parseAll(body, depth + 1);
  return nodes === undefined ? undefined : { prefix, nodes };
}

/** The DER (or BER, where a node asks for it) of the nodes. */
export function encodeDer(nodes) {
  const parts = [];
  for (const node of nodes) encodeInto(node, parts);
  return Buffer.concat(parts);
}

function encodeInto(node, parts) {
  const body = bodyOf(node);
  if (node.indefinite && (node.tag & 0x20) !== 0) {
    parts.push(Uint8Array.of(node.tag, 0x80), body, Uint8Array.of(0, 0));
    return;
  }
  parts.push(Uint8Array.of(node.tag), encodeLength(body.length, node.lengthPad ?? 0), body);
}

function bodyOf(node) {
  if (node.children !== undefined) return encodeDer(node.children);
  if (node.inner !== undefined) return Buffer.concat([node.inner.prefix, encodeDer(node.inner.nodes)]);
  return node.content ?? new Uint8Array(0);
}

function encodeLength(length, pad) {
  if (length < 0x80 && pad === 0) return Uint8Array.of(length);
  const bytes = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  for (let i = 0; i < pad && bytes.length < 4; i++) bytes.unshift(0);
  if (bytes.length === 0) bytes.push(0);
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

/** Every node of the trees, parents before children, nested DER included; each with its parent list. */
export function allNodes(nodes) {
  /** @type {{ node: DerNode, siblings: DerNode[], depth: number }[]} */
  const out = [];
  const walk = (list, depth) => {
    for (const node of list) {
      out.push({ node, siblings: list, depth });
      if (node.children !== undefined) walk(node.children, depth + 1);
      if (node.inner !== undefined) walk(node.inner.nodes, depth + 1);
    }
  };
  walk(nodes, 0);
  return out;
}

/** A deep copy (contents shared: they are never written in place). */
export function cloneNodes(nodes) {
  return nodes.map(cloneNode);
}

export function cloneNode(node) {
  const copy = { ...node };
  if (node.children !== undefined) copy.children = cloneNodes(node.children);
  if (node.inner !== undefined) copy.inner = { prefix: node.inner.prefix, nodes: cloneNodes(node.inner.nodes) };
  return copy;
}

/** Primitive element helpers for the mutator and the container models. */
export const primitive = (tag, content) => ({ tag, content: Uint8Array.from(content) });
export const constructed = (tag, children) => ({ tag, children });

/** The minimal two's-complement content of a (possibly negative) bigint INTEGER. */
export function integerContent(value) {
  const bytes = [];
  let rest = BigInt(value);
  for (;;) {
    const byte = Number(rest & 0xffn);
    bytes.unshift(byte);
    rest >>= 8n;
    const done = (rest === 0n && (byte & 0x80) === 0) || (rest === -1n && (byte & 0x80) !== 0);
    if (done) break;
  }
  return Uint8Array.from(bytes);
}

/** The value of an INTEGER node's content (two's complement), or undefined when empty. */
export function integerValue(content) {
  // Long ones are not worth a quadratic loop here: they are far beyond any count we compare with.
  if (content.length === 0 || content.length > 16) return undefined;
  let value = 0n;
  for (const byte of content) value = (value << 8n) | BigInt(byte);
  if ((content[0] & 0x80) !== 0) value -= 1n << BigInt(content.length * 8);
  return value;
}

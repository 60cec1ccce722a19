// Structure-aware mutations of a DER tree: each changes one node (its value, tag, encoding, or
// place among its siblings) and the tree is re-encoded with correct lengths afterwards.
import { allNodes, cloneNode, constructed, encodeDer, integerContent, primitive } from './der-tree.mjs';
import { OID_CONTENTS } from './oid-dictionary.mjs';

/**
 * No single mutation adds more than this. Inputs stay small enough that linear work stays under the
 * time limit: the fuzzer looks for super-linear costs; the size limits are tested on their own.
 */
const MAX_GROWTH = 64 * 1024;

const TAG_INTEGER = 0x02;
const TAG_BIT_STRING = 0x03;
const TAG_OID = 0x06;
const STRING_TAGS = [0x0c, 0x13, 0x16, 0x14, 0x1e, 0x1c, 0x1a, 0x81, 0x82, 0x86];
const TIME_TAGS = [0x17, 0x18];

/** Values around every boundary a reader might check: sign, byte widths, 2^31, 2^53, 2^64 and our caps. */
const CHEAP_INTEGERS = [
  0n,
  1n,
  -1n,
  2n,
  3n,
  127n,
  128n,
  255n,
  256n,
  0x7fffn,
  0x8000n,
  0xffffn,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x100000000n,
  2n ** 53n - 1n,
  2n ** 53n + 1n,
  2n ** 63n,
  2n ** 64n,
  -(2n ** 31n),
  1_000_001n,
  10_000_001n,
  2n ** 31n + 7n,
];
/** Iteration counts a KDF honours (under the caps): costly by design, so used rarely. */
const COSTLY_INTEGERS = [100_000n, 600_000n, 1_000_000n, 9_000_000n];

const HOSTILE_TEXT = [
  '\u001b[2J\u001b[H',
  '\u001b]0;owned\u0007',
  'ok\r\u001b[32m✔ all checks passed\u001b[0m',
  '\u202egpj.exe',
  'a\u0000b',
  '%s%n%x',
  '../../etc/passwd',
  'x'.repeat(300),
  '*.example.com',
  '127.0.0.1',
  'CN=evil, O=forged',
  '\ud800',
];
const HOSTILE_BYTES = [Uint8Array.of(0xff, 0xfe, 0x00), Uint8Array.of(0xc0, 0x80), Uint8Array.of(0xed, 0xa0, 0x80)];

const TIMES = [
  '000000000000Z',
  '991231235959Z',
  '500101000000Z',
  '491231235959Z',
  '99991231235959Z',
  '00000101000000Z',
  '20300230120000Z',
  '2030060100000',
  '203006010000+0100',
  '20300601000000.999Z',
  '',
  '9',
];

/** The mutations, each (tree, rng, donors) → a short name of what it did, or undefined if it did not apply. */
const MUTATIONS = [
  [4, flipBit],
  [3, randomContent],
  [4, mutateInteger],
  [3, swapOid],
  [2, hostileOid],
  [3, hostileString],
  [1, hostileTime],
  [3, deleteNode],
  [2, duplicateNode],
  [2, swapSiblings],
  [3, spliceDonor],
  [2, retag],
  [1, berEncoding],
  [1, nest],
  [1, grow],
  [1, truncateContent],
  [1, emptyConstructed],
  [1, bitStringUnusedBits],
];
const TOTAL_WEIGHT = MUTATIONS.reduce((sum, [weight]) => sum + weight, 0);

/** Applies one to `count` mutations to the tree in place; returns their names. */
export function mutateTree(nodes, rng, donors, count = 1 + rng.below(3)) {
  const done = [];
  for (let i = 0; i < count * 4 && done.length < count; i++) {
    const mutation = pickWeighted(rng);
    const name = mutation(nodes, rng, donors);
    if (name !== undefined) done.push(name);
  }
  return done;
}

function pickWeighted(rng) {
  let ticket = rng.below(TOTAL_WEIGHT);
  for (const [weight, mutation] of MUTATIONS) {
    if (ticket < weight) return mutation;
    ticket -= weight;
  }
  return MUTATIONS[0][1];
}

/** A random node matching `accept`, with its sibling list. */
function pickNode(nodes, rng, accept = () => true) {
  const candidates = allNodes(nodes).filter((entry) => accept(entry.node));
  return candidates.length === 0 ? undefined : rng.pick(candidates);
}

const isPrimitive = (node) => node.children === undefined && node.inner === undefined;
const isConstructed = (node) => node.children !== undefined;

function flipBit(nodes, rng) {
  const entry = pickNode(nodes, rng, (node) => isPrimitive(node) && node.content.length > 0);
  if (entry === undefined) return undefined;
  const content = Uint8Array.from(entry.node.content); // a copy (Buffer.slice would be a view)
  content[rng.below(content.length)] ^= 1 << rng.below(8);
  entry.node.content = content;
  return 'flip-bit';
}

function randomContent(nodes, rng) {
  const entry = pickNode(nodes, rng, isPrimitive);
  if (entry === undefined) return undefined;
  entry.node.content = rng.bytes(rng.size(entry.node.content.length * 2 + 8));
  return 'random-content';
}

function mutateInteger(nodes, rng) {
  const entry = pickNode(nodes, rng, (node) => node.tag === TAG_INTEGER && isPrimitive(node));
  if (entry === undefined) return undefined;
  const node = entry.node;
  const roll = rng.below(100);
  if (roll < 70) node.content = integerContent(rng.pick(CHEAP_INTEGERS));
  else if (roll < 80)
    node.content = join(Uint8Array.of(rng.chance(0.5) ? 0 : 0xff), node.content); // non-minimal
  else if (roll < 85) node.content = new Uint8Array(0);
  else if (roll < 99) node.content = join(Uint8Array.of(1 + rng.below(0x7f)), rng.bytes(rng.size(4096)));
  else if (rng.chance(0.05)) node.content = integerContent(rng.pick(COSTLY_INTEGERS));
  else node.content = join(Uint8Array.of(0x7f), rng.bytes(10_000 + rng.below(MAX_GROWTH - 10_000)));
  return 'integer';
}

function swapOid(nodes, rng) {
  const entry = pickNode(nodes, rng, (node) => node.tag === TAG_OID);
  if (entry === undefined) return undefined;
  entry.node.content = rng.pick(OID_CONTENTS);
  return 'oid-swap';
}

function hostileOid(nodes, rng) {
  const entry = pickNode(nodes, rng, (node) => node.tag === TAG_OID);
  if (entry === undefined) return undefined;
  const base = entry.node.content;
  const roll = rng.below(5);
  if (roll === 0) entry.node.content = new Uint8Array(0);
  else if (roll === 1)
    entry.node.content = join(base, Uint8Array.of(0x81)); // last byte continues
  else if (roll === 2)
    entry.node.content = join(Uint8Array.of(0x80), base); // non-minimal arc
  else {
    // One arc of many 7-bit groups: the quadratic shape when decoded naively.
    const groups = roll === 3 ? 2 + rng.size(64) : 1000 + rng.below(rng.chance(0.1) ? MAX_GROWTH : 20_000);
    const arc = new Uint8Array(groups).fill(0x81);
    arc[groups - 1] = 0x01;
    entry.node.content = join(base, arc);
  }
  return 'oid-hostile';
}

const encoder = new TextEncoder();

function hostileString(nodes, rng) {
  const entry = pickNode(nodes, rng, (node) => STRING_TAGS.includes(node.tag) && isPrimitive(node));
  if (entry === undefined) return undefined;
  entry.node.content = rng.chance(0.8) ? encoder.encode(rng.pick(HOSTILE_TEXT)) : rng.pick(HOSTILE_BYTES);
  return 'string-hostile';
}

function hostileTime(nodes, rng) {
  const entry = pickNode(nodes, rng, (node) => TIME_TAGS.includes(node.tag));
  if (entry === undefined) return undefined;
  entry.node.content = encoder.encode(rng.pick(TIMES));
  if (rng.chance(0.3)) entry.node.tag = rng.pick(TIME_TAGS);
  return 'time-hostile';
}

function deleteNode(nodes, rng) {
  const entry = pickNode(nodes, rng);
  if (entry === undefined || entry.siblings === nodes) return undefined;
  entry.siblings.splice(entry.siblings.indexOf(entry.node), 1);
  return 'delete';
}

function duplicateNode(nodes, rng) {
  const entry = pickNode(nodes, rng);
  if (entry === undefined || entry.siblings === nodes) return undefined;
  // Many copies of a small element (element-count limits), never more than ~1 MiB of them.
  const size = encodeDer([entry.node]).length;
  const wanted = rng.chance(0.95) ? 1 + rng.below(3) : 100 + rng.below(3000);
  const copies = Math.max(1, Math.min(wanted, Math.floor(MAX_GROWTH / size)));
  const at = entry.siblings.indexOf(entry.node);
  // Separate copies: a later mutation of one must not grow all of them at once.
  entry.siblings.splice(at, 0, ...Array.from({ length: copies }, () => cloneNode(entry.node)));
  return copies > 3 ? 'duplicate-many' : 'duplicate';
}

function swapSiblings(nodes, rng) {
  const entry = pickNode(nodes, rng, (node) => isConstructed(node) && node.children.length >= 2);
  if (entry === undefined) return undefined;
  const children = entry.node.children;
  const a = rng.below(children.length);
  const b = rng.below(children.length);
  [children[a], children[b]] = [children[b], children[a]];
  return 'swap';
}

function spliceDonor(nodes, rng, donors) {
  if (donors.length === 0) return undefined;
  const entry = pickNode(nodes, rng);
  if (entry === undefined || entry.siblings === nodes) return undefined;
  const donor = cloneNode(rng.pick(donors));
  const at = entry.siblings.indexOf(entry.node);
  if (rng.chance(0.5)) entry.siblings[at] = donor;
  else entry.siblings.splice(at, 0, donor);
  return 'splice';
}

function retag(nodes, rng) {
  const entry = pickNode(nodes, rng);
  if (entry === undefined) return undefined;
  const node = entry.node;
  const roll = rng.below(4);
  if (roll === 0) {
    // Keep the structure, change the tag class or number (never to a multi-byte tag).
    const constructedBit = node.children === undefined ? 0 : 0x20;
    let tag = rng.pick([0x00, 0x40, 0x80, 0xc0]) | constructedBit | rng.below(31);
    if ((tag & 0x1f) === 0x1f) tag ^= 0x01;
    node.tag = tag;
  } else if (roll === 1 && node.children !== undefined) {
    node.tag = node.tag === 0x30 ? 0x31 : 0x30;
  } else if (roll === 2 && node.children !== undefined) {
    node.tag = 0xa0 | rng.below(4);
  } else {
    node.tag = rng.pick([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x17, 0x18, 0x80, 0x81, 0x82, 0x86, 0x87]);
    if (node.children !== undefined) {
      delete node.children;
      node.content = rng.bytes(rng.size(32));
    }
  }
  return 'retag';
}

function berEncoding(nodes, rng) {
  const entry = pickNode(nodes, rng);
  if (entry === undefined) return undefined;
  if (entry.node.children !== undefined && rng.chance(0.6)) entry.node.indefinite = true;
  else entry.node.lengthPad = 1 + rng.below(2);
  return 'ber';
}

function nest(nodes, rng) {
  const entry = pickNode(nodes, rng);
  if (entry === undefined) return undefined;
  // Up to ~1,000 levels: far past any reader's limit, within what this encoder's recursion handles.
  const depth = rng.chance(0.9) ? 1 + rng.below(8) : 50 + rng.below(rng.chance(0.2) ? 950 : 200);
  let wrapped = entry.node;
  for (let i = 0; i < depth; i++) wrapped = constructed(rng.chance(0.8) ? 0x30 : 0xa0, [wrapped]);
  entry.siblings[entry.siblings.indexOf(entry.node)] = wrapped;
  return depth > 8 ? 'nest-deep' : 'nest';
}

function grow(nodes, rng) {
  const entry = pickNode(nodes, rng, isPrimitive);
  if (entry === undefined) return undefined;
  const target = 1000 + rng.below(rng.chance(0.1) ? MAX_GROWTH : 60_000);
  const unit = entry.node.content.length > 0 ? entry.node.content : Uint8Array.of(0x41);
  const content = new Uint8Array(target);
  for (let offset = 0; offset < target; offset += unit.length) content.set(unit.subarray(0, target - offset), offset);
  entry.node.content = content;
  return 'grow';
}

function truncateContent(nodes, rng) {
  const entry = pickNode(nodes, rng, (node) => isPrimitive(node) && node.content.length > 0);
  if (entry === undefined) return undefined;
  entry.node.content = entry.node.content.subarray(0, rng.below(entry.node.content.length));
  return 'truncate-content';
}

function emptyConstructed(nodes, rng) {
  const entry = pickNode(nodes, rng, isConstructed);
  if (entry === undefined) return undefined;
  entry.node.children = [];
  return 'empty';
}

function bitStringUnusedBits(nodes, rng) {
  const entry = pickNode(nodes, rng, (node) => node.tag === TAG_BIT_STRING);
  if (entry === undefined) return undefined;
  const node = entry.node;
  const body = node.inner === undefined ? node.content.subarray(1) : undefined;
  const unused = rng.pick([1, 7, 8, 0xff]);
  if (body === undefined) node.inner = { ...node.inner, prefix: Uint8Array.of(unused) };
  else node.content = join(Uint8Array.of(unused), body);
  return 'bit-string-unused';
}

const join = (...parts) => Buffer.concat(parts);

/** Up to `limit` nodes from the seeds' trees, for splicing into others. */
export function donorNodes(trees, limit = 400) {
  const all = trees.flatMap((nodes) => allNodes(nodes).map((entry) => entry.node));
  const step = Math.max(1, Math.floor(all.length / limit));
  return all.filter((_, index) => index % step === 0).slice(0, limit);
}

export { primitive };

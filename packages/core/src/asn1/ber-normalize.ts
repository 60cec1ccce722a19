/**
 * BER → DER-shaped bytes for the containers some tools write in BER: indefinite lengths
 * (NSS `pk12util`, macOS Keychain exports, streaming CMS) and constructed OCTET STRINGs split
 * into segments. Definite lengths come out minimal and constructed OCTET STRINGs become one
 * primitive OCTET STRING, so asn1/der.ts can read the result. Depth and element count stay bounded.
 */
import { DerError } from './der.js';

const TAG_OCTET_STRING = 0x04;
const TAG_OCTET_STRING_CONSTRUCTED = 0x24;

/** Limits the walk shares with der-limits.ts; exceeding one throws `limit` errors. */
export interface BerLimits {
  maxDepth: number;
  maxElements: number;
  /** Called when a limit is exceeded, to throw the caller's typed error. */
  exceeded: (reason: string) => never;
}

/** The whole input re-encoded with definite lengths; trailing bytes are an error. */
export function normalizeBer(bytes: Uint8Array, limits: BerLimits): Uint8Array {
  const state = { elements: 0 };
  const { encoded, end } = readBer(bytes, 0, 0, limits, state);
  if (end !== bytes.byteLength) throw new DerError('trailing bytes after DER element');
  return encoded;
}

interface Parsed {
  encoded: Uint8Array;
  end: number;
}

function readBer(
  bytes: Uint8Array,
  offset: number,
  depth: number,
  limits: BerLimits,
  state: { elements: number },
): Parsed {
  if (++state.elements > limits.maxElements) limits.exceeded(`more than ${limits.maxElements} ASN.1 elements`);
  if (depth > limits.maxDepth) limits.exceeded(`ASN.1 nested deeper than ${limits.maxDepth}`);
  const tag = bytes[offset];
  if (tag === undefined) throw new DerError('truncated DER: missing tag');
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte DER tags are not supported');
  const { length, contentStart } = readLength(bytes, offset + 1);
  const constructed = (tag & 0x20) !== 0;
  if (length === undefined && !constructed) throw new DerError('indefinite length on a primitive element');
  if (!constructed) {
    const end = contentStart + (length as number);
    if (end > bytes.byteLength) throw new DerError('truncated DER: element is longer than its input');
    return { encoded: encode(tag, [bytes.subarray(contentStart, end)]), end };
  }
  const children: Uint8Array[] = [];
  let cursor = contentStart;
  const limit = length === undefined ? bytes.byteLength : contentStart + length;
  if (limit > bytes.byteLength) throw new DerError('truncated DER: element is longer than its input');
  for (;;) {
    if (length === undefined && bytes[cursor] === 0 && bytes[cursor + 1] === 0) {
      cursor += 2; // end-of-contents
      break;
    }
    if (length !== undefined && cursor === limit) break;
    if (cursor >= limit) throw new DerError('truncated DER: missing end-of-contents');
    const child = readBer(bytes, cursor, depth + 1, limits, state);
    if (child.end > limit) throw new DerError('truncated DER: element is longer than its input');
    children.push(child.encoded);
    cursor = child.end;
  }
  if (tag === TAG_OCTET_STRING_CONSTRUCTED)
    return { encoded: encode(TAG_OCTET_STRING, children.map(octets)), end: cursor };
  return { encoded: encode(tag, children), end: cursor };
}

/** The content of an (already normalized, so primitive) OCTET STRING segment. */
function octets(segment: Uint8Array): Uint8Array {
  if (segment[0] !== TAG_OCTET_STRING) throw new DerError('constructed OCTET STRING holds a non-OCTET STRING');
  return segment.subarray(headerLength(segment));
}

function headerLength(encoded: Uint8Array): number {
  const first = encoded[1] as number;
  return first < 0x80 ? 2 : 2 + (first & 0x7f);
}

/** The length, or undefined for BER's indefinite form (0x80). */
function readLength(bytes: Uint8Array, offset: number): { length: number | undefined; contentStart: number } {
  const first = bytes[offset];
  if (first === undefined) throw new DerError('truncated DER: missing length');
  if (first < 0x80) return { length: first, contentStart: offset + 1 };
  const count = first & 0x7f;
  if (count === 0) return { length: undefined, contentStart: offset + 1 };
  if (count > 4) throw new DerError('unsupported DER length');
  let length = 0;
  for (let i = 1; i <= count; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) throw new DerError('truncated DER: missing length bytes');
    length = length * 256 + byte;
  }
  return { length, contentStart: offset + 1 + count };
}

function encode(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  const length = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const lengthBytes: number[] = [];
  if (length < 0x80) lengthBytes.push(length);
  else {
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
    lengthBytes.unshift(0x80 | lengthBytes.length);
  }
  const out = new Uint8Array(1 + lengthBytes.length + length);
  out[0] = tag;
  out.set(lengthBytes, 1);
  let offset = 1 + lengthBytes.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

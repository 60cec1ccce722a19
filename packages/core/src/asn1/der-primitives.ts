/**
 * DER helpers for the chain validator, on top of asn1/der.ts: the raw bytes of a child element
 * (signatures cover the encoded tbsCertificate, not its content), times, BIT STRINGs, BOOLEANs.
 */
import { DerError, type DerElement, readChildren, readElement } from './der.js';

/** A DER element together with its full encoding (tag, length and content). */
export interface RawElement extends DerElement {
  raw: Uint8Array;
}

/** The element spanning all of `bytes`, with its encoding kept. */
export function readRaw(bytes: Uint8Array): RawElement {
  const element = readElement(bytes);
  return { tag: element.tag, content: element.content, raw: bytes };
}

/**
 * The children of a constructed element with each child's encoding. asn1/der.ts returns content views
 * into the parent's bytes, so a child's encoding runs from where the previous one ended to the end of its content.
 */
export function readRawChildren(parent: DerElement): RawElement[] {
  const children = readChildren(parent);
  const base = parent.content;
  let start = 0;
  return children.map((child) => {
    const end = child.content.byteOffset - base.byteOffset + child.content.byteLength;
    const raw = base.subarray(start, end);
    start = end;
    return { tag: child.tag, content: child.content, raw };
  });
}

/** A BOOLEAN; DER allows only 0x00 and 0xFF. */
export function readBoolean(element: DerElement): boolean {
  if (element.tag !== 0x01 || element.content.byteLength !== 1) throw new DerError('malformed BOOLEAN');
  const value = element.content[0];
  if (value !== 0 && value !== 0xff) throw new DerError('BOOLEAN is not DER');
  return value === 0xff;
}

/** The bits of a BIT STRING as bytes, checking the unused-bits count. */
export function readBitString(element: DerElement): { bytes: Uint8Array; unusedBits: number } {
  if (element.tag !== 0x03 || element.content.byteLength === 0) throw new DerError('malformed BIT STRING');
  const unusedBits = element.content[0] as number;
  if (unusedBits > 7 || (unusedBits > 0 && element.content.byteLength === 1)) throw new DerError('bad unused bits');
  return { bytes: element.content.subarray(1), unusedBits };
}

/** A small non-negative INTEGER as a number (path lengths, skip certs); huge values saturate. */
export function readSmallInteger(element: DerElement): number {
  if (element.tag !== 0x02 || element.content.byteLength === 0) throw new DerError('malformed INTEGER');
  if (((element.content[0] as number) & 0x80) !== 0) throw new DerError('negative INTEGER');
  let value = 0;
  for (const byte of element.content) value = Math.min(value * 256 + byte, Number.MAX_SAFE_INTEGER);
  return value;
}

/** UTCTime (two-digit year, RFC 5280 window 1950–2049) or GeneralizedTime, as milliseconds since the epoch. */
export function readTime(element: DerElement): number {
  const text = Buffer.from(element.content).toString('latin1');
  if (element.tag === 0x17) {
    const match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!match) throw new DerError('malformed UTCTime');
    const yy = Number(match[1]);
    return utc(yy < 50 ? 2000 + yy : 1900 + yy, match.slice(2));
  }
  if (element.tag === 0x18) {
    const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!match) throw new DerError('malformed GeneralizedTime');
    return utc(Number(match[1]), match.slice(2));
  }
  throw new DerError('expected a time');
}

function utc(year: number, parts: string[]): number {
  const [month, day, hour, minute, second] = parts.map(Number) as [number, number, number, number, number];
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999 (GeneralizedTime 0050 is year 50).
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  // The month's own length, leap years included: Date.UTC would roll 30 February over into March.
  const daysInMonth = date.getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    throw new DerError('time out of range');
  }
  date.setUTCFullYear(year, month - 1, day);
  return date.setUTCHours(hour, minute, second, 0);
}

/** Lower-case hex of bytes (keys for maps). */
export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

import { isIP } from 'node:net';

/**
 * IP addresses as the 4 or 16 bytes an X.509 iPAddress name holds, and back to text.
 * Text is canonical (RFC 5952 for IPv6) so that a SAN reads the same whether we wrote it or OpenSSL did.
 */

/** The address bytes, or undefined when the text is not an IPv4/IPv6 address (zone ids are refused). */
export function ipToBytes(text: string): Uint8Array | undefined {
  if (text.includes('%')) return undefined;
  switch (isIP(text)) {
    case 4:
      return new Uint8Array(text.split('.').map(Number));
    case 6:
      return ipv6ToBytes(text);
    default:
      return undefined;
  }
}

/** Dotted IPv4 or RFC 5952 IPv6 text for 4 or 16 address bytes; undefined for other lengths. */
export function bytesToIp(bytes: Uint8Array): string | undefined {
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.length !== 16) return undefined;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  if (isIpv4Mapped(groups)) return `::ffff:${bytes.subarray(12).join('.')}`;
  return compressIpv6(groups);
}

/** Canonical text for an address, or undefined when it is not one. */
export function canonicalIp(text: string): string | undefined {
  const bytes = ipToBytes(text);
  return bytes === undefined ? undefined : bytesToIp(bytes);
}

function ipv6ToBytes(text: string): Uint8Array {
  const withHexTail = text.includes('.') ? replaceIpv4Tail(text) : text;
  const [head = '', tail] = withHexTail.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const groups = [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16));
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

// `::ffff:10.0.0.1` → `::ffff:a00:1`, so one hex parser handles every form.
function replaceIpv4Tail(text: string): string {
  const cut = text.lastIndexOf(':') + 1;
  const [a = 0, b = 0, c = 0, d = 0] = text.slice(cut).split('.').map(Number);
  return `${text.slice(0, cut)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

function isIpv4Mapped(groups: number[]): boolean {
  return groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
}

// RFC 5952: lower case, no leading zeros, the longest run (first on a tie) of two or more zero groups as `::`.
function compressIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

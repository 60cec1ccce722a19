/**
 * An inventory file's bytes as text. Spreadsheets save CSV as UTF-8 (often with a byte-order mark) or,
 * as "Unicode Text", as UTF-16 with a byte-order mark; both are read. Anything else that is not UTF-8
 * is refused rather than guessed, so a device name is never silently mangled.
 * @throws Error with a one-line message (the caller names the file).
 */
export function decodeInventoryText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe])) return decode('utf-16le', bytes.subarray(2), 'UTF-16LE');
  if (startsWith(bytes, [0xfe, 0xff])) return decode('utf-16be', bytes.subarray(2), 'UTF-16BE');
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  // UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
  if (body.includes(0)) {
    throw new Error('holds NUL bytes: UTF-16 without a byte-order mark? save it as UTF-8, or UTF-16 with one');
  }
  return decode('utf-8', body, 'UTF-8');
}

function decode(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Error(`is not valid ${label} text`);
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

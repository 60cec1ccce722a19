import { FormatError, sourcePrefix } from '../errors.js';

/** Inputs larger than this are refused before any parsing: nothing Certwright reads is this big. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** One PEM block (RFC 7468), with the RFC 1421 headers legacy encrypted keys carry. */
export interface PemBlock {
  label: string;
  headers: Record<string, string>;
  der: Uint8Array;
}

const LABEL = /^[A-Z0-9 #._-]+$/;
const HEADER = /^([A-Za-z0-9-]+):\s*(.*)$/;
/** Anything but base64 and ASCII whitespace. */
const NOT_BASE64 = /[^A-Za-z0-9+/= \t\r\n\v\f]/;

/** True when the text contains at least one PEM BEGIN line. */
export function looksLikePem(text: string): boolean {
  return text.includes('-----BEGIN ');
}

/** Bytes as text, without a UTF-8 byte-order mark. */
export function bytesToText(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return text.startsWith('\u00ef\u00bb\u00bf') ? text.slice(3) : text;
}

/**
 * Every PEM block in the text, in order. Tolerates CRLF, a BOM, RFC 1421 headers
 * and text around the blocks; refuses a block whose body is not base64 or whose END label differs.
 */
export function decodePemBlocks(input: string | Uint8Array, source?: string): PemBlock[] {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : bytesToText(input);
  if (text.length > MAX_INPUT_BYTES) {
    throw new FormatError('ERR_FORMAT_TOO_LARGE', `${sourcePrefix(source)}input is larger than 16 MiB`, { source });
  }
  const blocks: PemBlock[] = [];
  // indexOf and whole-body checks instead of a lazy regex and a loop per line: linear, with a small
  // constant, so that 16 MiB of one-character lines takes no longer than 16 MiB of normal ones.
  for (let block = findBlock(text, 0); block !== undefined; block = findBlock(text, block.next)) {
    if (block.label !== block.endLabel) {
      throw new FormatError(
        'ERR_FORMAT_PEM_INVALID',
        `${sourcePrefix(source)}PEM block BEGIN ${shown(block.label)} ends with END ${shown(block.endLabel)}`,
        { source },
      );
    }
    blocks.push(decodeBody(block.label, block.body, source));
  }
  return blocks;
}

/** The next `-----BEGIN L-----` line, its body and `-----END L'-----` from `from` on, or undefined. */
function findBlock(
  text: string,
  from: number,
): { label: string; body: string; endLabel: string; next: number } | undefined {
  for (let begin = text.indexOf('-----BEGIN ', from); begin >= 0; begin = text.indexOf('-----BEGIN ', begin + 1)) {
    const label = dashedLabel(text, begin + '-----BEGIN '.length);
    if (label === undefined) continue;
    let bodyStart = label.end;
    if (text[bodyStart] === '\r') bodyStart++;
    if (text[bodyStart] !== '\n') continue;
    bodyStart++;
    for (let end = text.indexOf('-----END ', bodyStart); end >= 0; end = text.indexOf('-----END ', end + 1)) {
      const endLabel = dashedLabel(text, end + '-----END '.length);
      if (endLabel === undefined) continue;
      return { label: label.text, body: text.slice(bodyStart, end), endLabel: endLabel.text, next: endLabel.end };
    }
    return undefined;
  }
  return undefined;
}

/** The label from `start` up to the next `-----`, when it is a valid label; `end` is past the dashes. */
function dashedLabel(text: string, start: number): { text: string; end: number } | undefined {
  const dashes = text.indexOf('-----', start);
  if (dashes < 0) return undefined;
  const label = text.slice(start, dashes);
  return LABEL.test(label) ? { text: label, end: dashes + 5 } : undefined;
}

function decodeBody(label: string, body: string, source: string | undefined): PemBlock {
  const headers: Record<string, string> = {};
  // RFC 1421 headers: `Name: value` lines before the first base64 line.
  let offset = 0;
  while (offset < body.length) {
    const lineEnd = body.indexOf('\n', offset);
    const next = lineEnd < 0 ? body.length : lineEnd + 1;
    const line = body.slice(offset, next).trim();
    const header = line === '' ? undefined : HEADER.exec(line);
    if (line !== '' && !header) break;
    if (header) headers[header[1] as string] = (header[2] as string).trim();
    offset = next;
  }
  const rest = body.slice(offset);
  if (NOT_BASE64.test(rest)) {
    throw new FormatError(
      'ERR_FORMAT_PEM_INVALID',
      `${sourcePrefix(source)}PEM block ${shown(label)} is not valid base64`,
      {
        source,
      },
    );
  }
  // Node's base64 decoder skips whitespace itself: no stripped copy of a large body is made.
  const characters = base64Characters(rest);
  if (characters === 0 || characters % 4 !== 0) {
    throw new FormatError('ERR_FORMAT_PEM_INVALID', `${sourcePrefix(source)}PEM block ${shown(label)} is truncated`, {
      source,
    });
  }
  return { label, headers, der: new Uint8Array(Buffer.from(rest, 'base64')) };
}

/** How many characters of already-checked base64 text are not whitespace. */
function base64Characters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x20) count++;
  return count;
}

/** The single block with one of the wanted labels, or a typed error naming the file. */
export function decodeSinglePem(input: string | Uint8Array, labels: readonly string[], source?: string): PemBlock {
  const blocks = decodePemBlocks(input, source);
  const wanted = blocks.filter((block) => labels.includes(block.label));
  if (wanted.length === 0) {
    const present = [...new Set(blocks.map((block) => shown(block.label)))];
    const found = `${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}`;
    throw new FormatError(
      blocks.length === 0 ? 'ERR_FORMAT_NOT_PEM' : 'ERR_FORMAT_UNEXPECTED_PEM_LABEL',
      blocks.length === 0
        ? `${sourcePrefix(source)}no PEM block found (expected ${labels.join(' or ')})`
        : `${sourcePrefix(source)}expected ${labels.join(' or ')}, found ${found}`,
      { source },
    );
  }
  return wanted[0] as PemBlock;
}

/** A label from the input as a message shows it: labels are short, a hostile one is cut. */
function shown(label: string): string {
  return label.length > 64 ? `${label.slice(0, 64)}…` : label;
}

/** PEM text for DER bytes, 64 characters a line, LF line endings, trailing newline. */
export function encodePem(label: string, der: Uint8Array, headers: Record<string, string> = {}): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  const headerBlock = headerLines.length > 0 ? `${headerLines.join('\n')}\n\n` : '';
  return `-----BEGIN ${label}-----\n${headerBlock}${lines.join('\n')}\n-----END ${label}-----\n`;
}

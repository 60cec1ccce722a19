import { FormatError, sourcePrefix } from '../errors.js';

/** Inputs larger than this are refused before any parsing: nothing Certwright reads is this big. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** One PEM block (RFC 7468), with the RFC 1421 headers legacy encrypted keys carry. */
export interface PemBlock {
  label: string;
  headers: Record<string, string>;
  der: Uint8Array;
}

const HEADER = /^([A-Za-z0-9-]+):\s*(.*)$/;
/** Anything but base64 and ASCII whitespace (RFC 7468 §3's lax `W`). */
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
 * Every PEM block in the text, in order (RFC 7468's lax grammar). Tolerates LF, CRLF and CR line
 * ends, whitespace in and around the base64, any line length, a BOM, RFC 1421 headers and text
 * around the blocks; refuses a block whose body is not base64, whose padding is not at its end,
 * whose END line is missing or whose END label differs.
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
    if (block.endLabel === undefined) {
      throw new FormatError(
        'ERR_FORMAT_PEM_INVALID',
        `${sourcePrefix(source)}PEM block BEGIN ${shown(block.label)} has no END line (truncated?)`,
        { source },
      );
    }
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

/**
 * The next `-----BEGIN L-----` line, its body and `-----END L'-----` from `from` on, or undefined;
 * `endLabel` is undefined when no END line follows. The BEGIN line may end in spaces or tabs and
 * then CRLF, LF or CR (RFC 7468 §3 `preeb *WSP eol`).
 */
function findBlock(
  text: string,
  from: number,
): { label: string; body: string; endLabel: string | undefined; next: number } | undefined {
  for (let begin = text.indexOf('-----BEGIN ', from); begin >= 0; begin = text.indexOf('-----BEGIN ', begin + 1)) {
    const label = dashedLabel(text, begin + '-----BEGIN '.length);
    if (label === undefined) continue;
    let bodyStart = label.end;
    while (text[bodyStart] === ' ' || text[bodyStart] === '\t') bodyStart++;
    if (text[bodyStart] === '\r') bodyStart++;
    if (text[bodyStart] === '\n') bodyStart++;
    else if (text[bodyStart - 1] !== '\r') continue;
    for (let end = text.indexOf('-----END ', bodyStart); end >= 0; end = text.indexOf('-----END ', end + 1)) {
      const endLabel = dashedLabel(text, end + '-----END '.length);
      if (endLabel === undefined) continue;
      return { label: label.text, body: text.slice(bodyStart, end), endLabel: endLabel.text, next: endLabel.end };
    }
    return { label: label.text, body: '', endLabel: undefined, next: text.length };
  }
  return undefined;
}

/** The label from `start` up to the next `-----`, when it is a valid label; `end` is past the dashes. */
function dashedLabel(text: string, start: number): { text: string; end: number } | undefined {
  const dashes = text.indexOf('-----', start);
  if (dashes < 0) return undefined;
  const label = text.slice(start, dashes);
  return isLabel(label) ? { text: label, end: dashes + 5 } : undefined;
}

/**
 * RFC 7468 §3: `label = [ labelchar *( ["-" / SP] labelchar ) ]`, labelchar any printable but `-`:
 * single hyphens and spaces inside, none at either end, possibly empty. A loop, not a regex: a
 * nested regex overflows the stack on a label of megabytes.
 */
function isLabel(label: string): boolean {
  let separatorAllowed = false;
  for (let i = 0; i < label.length; i++) {
    const code = label.charCodeAt(i);
    if (code === 0x2d || code === 0x20) {
      if (!separatorAllowed) return false;
      separatorAllowed = false;
    } else if (code > 0x20 && code < 0x7f) separatorAllowed = true;
    else return false;
  }
  return label.length === 0 || separatorAllowed;
}

function decodeBody(label: string, body: string, source: string | undefined): PemBlock {
  const headers: Record<string, string> = {};
  // RFC 1421 headers: `Name: value` lines before the first base64 line.
  let offset = 0;
  while (offset < body.length) {
    const next = nextLine(body, offset);
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
  if (misplacedPadding(rest)) {
    throw new FormatError(
      'ERR_FORMAT_PEM_INVALID',
      `${sourcePrefix(source)}PEM block ${shown(label)} has base64 padding before its end or more than two "="`,
      { source },
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

/** Where the line after the one at `offset` starts: past its LF, CRLF or lone CR, or the end of `text`. */
function nextLine(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    if (text[i] === '\n') return i + 1;
    if (text[i] === '\r') return text[i + 1] === '\n' ? i + 2 : i + 1;
  }
  return text.length;
}

/**
 * True when `=` is followed by more base64 or comes more than twice (RFC 7468 §3: padding only at the
 * end). Node's decoder would stop at the first `=` and silently drop the rest. One pass, no regex.
 */
function misplacedPadding(text: string): boolean {
  const first = text.indexOf('=');
  if (first < 0) return false;
  let pads = 0;
  for (let i = first; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3d) pads++;
    else if (code > 0x20) return true;
  }
  return pads > 2;
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
  if (label === '') return '(empty label)';
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

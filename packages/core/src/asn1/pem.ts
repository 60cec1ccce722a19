import { FormatError, sourcePrefix } from '../errors.js';

/** Inputs larger than this are refused before any parsing: nothing Certwright reads is this big. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** One PEM block (RFC 7468), with the RFC 1421 headers legacy encrypted keys carry. */
export interface PemBlock {
  label: string;
  headers: Record<string, string>;
  der: Uint8Array;
}

const BLOCK = /-----BEGIN ([A-Z0-9 #._-]+)-----\r?\n([\s\S]*?)-----END ([A-Z0-9 #._-]+)-----/g;
const BASE64_LINE = /^[A-Za-z0-9+/=]*$/;

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
  for (const match of text.matchAll(BLOCK)) {
    const [, label = '', body = '', endLabel] = match;
    if (label !== endLabel) {
      throw new FormatError(
        'ERR_FORMAT_PEM_INVALID',
        `${sourcePrefix(source)}PEM block BEGIN ${label} ends with END ${endLabel}`,
        { source },
      );
    }
    blocks.push(decodeBody(label, body, source));
  }
  return blocks;
}

function decodeBody(label: string, body: string, source: string | undefined): PemBlock {
  const headers: Record<string, string> = {};
  const base64Lines: string[] = [];
  for (const rawLine of body.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    const header = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (header && base64Lines.length === 0) {
      headers[header[1] as string] = (header[2] as string).trim();
      continue;
    }
    if (!BASE64_LINE.test(line)) {
      throw new FormatError('ERR_FORMAT_PEM_INVALID', `${sourcePrefix(source)}PEM block ${label} is not valid base64`, {
        source,
      });
    }
    base64Lines.push(line);
  }
  const base64 = base64Lines.join('');
  if (base64.length === 0 || base64.length % 4 !== 0) {
    throw new FormatError('ERR_FORMAT_PEM_INVALID', `${sourcePrefix(source)}PEM block ${label} is truncated`, {
      source,
    });
  }
  return { label, headers, der: new Uint8Array(Buffer.from(base64, 'base64')) };
}

/** The single block with one of the wanted labels, or a typed error naming the file. */
export function decodeSinglePem(input: string | Uint8Array, labels: readonly string[], source?: string): PemBlock {
  const blocks = decodePemBlocks(input, source);
  const wanted = blocks.filter((block) => labels.includes(block.label));
  if (wanted.length === 0) {
    const found = blocks.map((block) => block.label).join(', ');
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

/** PEM text for DER bytes, 64 characters a line, LF line endings, trailing newline. */
export function encodePem(label: string, der: Uint8Array, headers: Record<string, string> = {}): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  const headerBlock = headerLines.length > 0 ? `${headerLines.join('\n')}\n\n` : '';
  return `-----BEGIN ${label}-----\n${headerBlock}${lines.join('\n')}\n-----END ${label}-----\n`;
}

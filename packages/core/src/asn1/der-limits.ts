/**
 * Bounds on untrusted DER before any parser descends into it, so that a hostile file cannot
 * exhaust the stack (deep nesting) or the heap (millions of tiny elements).
 */
import { FormatError, sourcePrefix } from '../errors.js';
import { normalizeBer } from './ber-normalize.js';
import { type DerElement, DerError, readElement, TAG_SEQUENCE } from './der.js';
import { assertInputSize } from './input-size.js';
import { decodePemBlocks } from './pem.js';

/** Deeper than any certificate, CSR, key, PKCS#7 or PKCS#12 we read (a certificate nests ~12). */
export const MAX_DER_DEPTH = 64;
/** More elements than 1,000 certificates have between them. */
export const MAX_DER_ELEMENTS = 500_000;
/** The most certificates one container may hold. */
export const MAX_CERTIFICATES = 1_000;

/**
 * The single DER element spanning `der`, after checking its nesting depth and element count.
 * Truncated DER → ERR_FORMAT_TRUNCATED, other malformed DER → ERR_FORMAT_DER_INVALID,
 * over a limit → ERR_FORMAT_LIMIT_EXCEEDED; every message names `source` and `what`.
 */
export function readCheckedDer(der: Uint8Array, source: string | undefined, what: string): DerElement {
  try {
    try {
      checkDerLimits(der, source, what);
      return readElement(der);
    } catch (error) {
      if (!(error instanceof IndefiniteLengthError)) throw error;
      // BER from NSS, macOS or streaming CMS: re-encode with definite lengths, under the same limits.
      const exceeded = (reason: string): never => {
        throw limitError(source, what, reason);
      };
      const normalized = normalizeBer(der, { maxDepth: MAX_DER_DEPTH, maxElements: MAX_DER_ELEMENTS, exceeded });
      return readElement(normalized);
    }
  } catch (error) {
    throw asFormatError(error, source, what);
  }
}

/**
 * Refuses input over the size, depth or element limits before a parser that reads DER in its own way
 * (the certificate and CRL readers) builds anything from it: ERR_FORMAT_TOO_LARGE or
 * ERR_FORMAT_LIMIT_EXCEEDED. Malformed DER is left to that parser, which reports it in its own
 * terms; the walk stops where the bytes stop making sense. Linear time, nothing allocated per element.
 */
export function assertDerWithinLimits(der: Uint8Array, source: string | undefined, what: string): void {
  assertInputSize(der, source);
  try {
    checkDerLimits(der, source, what);
  } catch (error) {
    if (error instanceof FormatError) throw error;
  }
}

/**
 * assertDerWithinLimits for an input that may be PEM text, DER or `{ der }` (the validator's
 * certificate and CRL inputs); every PEM block is walked once decoded. `rethrow` turns the
 * FormatError into the caller's documented error class.
 */
export function assertInputWithinLimits(
  input: string | Uint8Array | { readonly der: Uint8Array },
  what: string,
  rethrow: (error: FormatError) => Error = (error) => error,
): void {
  const bytes = typeof input === 'string' || input instanceof Uint8Array ? input : input.der;
  try {
    assertInputSize(bytes, what);
    if (typeof bytes !== 'string' && bytes[0] === TAG_SEQUENCE) {
      assertDerWithinLimits(bytes, undefined, what);
      return;
    }
    let blocks: { der: Uint8Array }[];
    try {
      blocks = decodePemBlocks(bytes);
    } catch {
      return; // Not PEM after all: the reader reports that in its own terms.
    }
    for (const block of blocks) assertDerWithinLimits(block.der, undefined, what);
  } catch (error) {
    throw error instanceof FormatError ? rethrow(error) : error;
  }
}

/** The walk met BER's indefinite length: not an error, a reason to normalize first. */
class IndefiniteLengthError extends DerError {}

/** A DerError from reading `what` as the typed FormatError callers see; other errors pass through. */
export function asFormatError(error: unknown, source: string | undefined, what: string): unknown {
  if (!(error instanceof DerError)) return error;
  const code = error.message.startsWith('truncated') ? 'ERR_FORMAT_TRUNCATED' : 'ERR_FORMAT_DER_INVALID';
  return new FormatError(code, `${where(source, what)}${error.message}`, { source }, { cause: error });
}

/** Walks the TLV tree without recursion, counting elements and tracking depth. */
function checkDerLimits(der: Uint8Array, source: string | undefined, what: string): void {
  // Ends of the constructed elements we are inside, innermost last.
  const open: number[] = [];
  let offset = 0;
  let elements = 0;
  while (offset < der.byteLength) {
    while (open.length > 0 && offset >= (open[open.length - 1] as number)) open.pop();
    const { tag, contentStart, end } = readHeader(der, offset);
    if (++elements > MAX_DER_ELEMENTS) throw limitError(source, what, `more than ${MAX_DER_ELEMENTS} ASN.1 elements`);
    if ((tag & 0x20) !== 0) {
      open.push(end);
      if (open.length > MAX_DER_DEPTH) throw limitError(source, what, `ASN.1 nested deeper than ${MAX_DER_DEPTH}`);
      offset = contentStart;
    } else {
      offset = end;
    }
  }
}

function readHeader(der: Uint8Array, offset: number): { tag: number; contentStart: number; end: number } {
  const tag = der[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte DER tags are not supported');
  const first = der[offset + 1];
  if (first === undefined) throw new DerError('truncated DER: missing length');
  let length = first;
  let contentStart = offset + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0) throw new IndefiniteLengthError('indefinite length');
    if (count > 4) throw new DerError('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) {
      const byte = der[contentStart + i];
      if (byte === undefined) throw new DerError('truncated DER: missing length bytes');
      length = length * 256 + byte;
    }
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > der.byteLength) throw new DerError('truncated DER: element is longer than its input');
  return { tag, contentStart, end };
}

function limitError(source: string | undefined, what: string, reason: string): FormatError {
  return new FormatError('ERR_FORMAT_LIMIT_EXCEEDED', `${where(source, what)}${reason}`, { source });
}

/** `file: part: ` — the part left out when it is the whole input (`what` empty). */
function where(source: string | undefined, what: string): string {
  return `${sourcePrefix(source)}${what === '' ? '' : `${what}: `}`;
}

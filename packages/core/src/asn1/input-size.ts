import { FormatError, sourcePrefix } from '../errors.js';
import { MAX_INPUT_BYTES } from './pem.js';

/** Refuses input over MAX_INPUT_BYTES before any parsing, DER as well as PEM. */
export function assertInputSize(input: string | Uint8Array, source: string | undefined): void {
  if (input.length > MAX_INPUT_BYTES) {
    throw new FormatError('ERR_FORMAT_TOO_LARGE', `${sourcePrefix(source)}input is larger than 16 MiB`, { source });
  }
}

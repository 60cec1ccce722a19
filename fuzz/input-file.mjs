// One fuzz input on disk: the worker writes each input here before running it, so that when the
// process dies (an abort, a kill after a hang) the supervisor still has the exact bytes. Layout:
// u32 index, u16 variant length, u32 data length, variant (UTF-8), data. While an input is being
// generated the variant length is 0xffff: a hang there is the fuzzer's own bug, not a finding.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

const GENERATING = 0xffff;

export class InputFile {
  #fd;
  constructor(path) {
    this.#fd = openSync(path, 'w', 0o600);
  }

  write(index, input) {
    const variant = Buffer.from(input.variant, 'utf8');
    const header = Buffer.alloc(10);
    header.writeUInt32LE(index, 0);
    header.writeUInt16LE(variant.length, 4);
    header.writeUInt32LE(input.bytes.length, 6);
    writeSync(this.#fd, Buffer.concat([header, variant, input.bytes]), 0, undefined, 0);
  }

  generating(index) {
    const header = Buffer.alloc(10);
    header.writeUInt32LE(index, 0);
    header.writeUInt16LE(GENERATING, 4);
    writeSync(this.#fd, header, 0, undefined, 0);
  }

  close() {
    closeSync(this.#fd);
  }
}

/** The last input written, or undefined before the first. */
export function readInputFile(path) {
  const buffer = readFileSync(path);
  if (buffer.length < 10) return undefined;
  const variantLength = buffer.readUInt16LE(4);
  const dataLength = buffer.readUInt32LE(6);
  if (variantLength === GENERATING) return { index: buffer.readUInt32LE(0), generating: true };
  return {
    index: buffer.readUInt32LE(0),
    input: {
      variant: buffer.subarray(10, 10 + variantLength).toString('utf8'),
      bytes: buffer.subarray(10 + variantLength, 10 + variantLength + dataLength),
    },
  };
}

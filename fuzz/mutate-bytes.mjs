// Byte-level mutations: what a structure-aware mutator never produces on its own (broken lengths,
// cut-off files, stray bytes), applied to the encoded bytes.

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xff, 0x30, 0xa0, 0x1f];

/** One to three byte-level changes to a copy of `bytes`; `other` is another seed to splice from. */
export function mutateBytes(bytes, rng, other) {
  let out = Buffer.from(bytes);
  const count = 1 + rng.below(3);
  for (let i = 0; i < count; i++) out = mutateOnce(out, rng, other);
  return out;
}

function mutateOnce(bytes, rng, other) {
  const at = rng.below(bytes.length + 1);
  switch (rng.below(9)) {
    case 0:
      if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] ^= 1 << rng.below(8);
      return bytes;
    case 1:
      if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = rng.pick(INTERESTING_BYTES);
      return bytes;
    case 2:
      return Buffer.concat([bytes.subarray(0, at), rng.bytes(1 + rng.size(16)), bytes.subarray(at)]);
    case 3:
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + rng.size(64))]);
    case 4:
      return bytes.subarray(0, at);
    case 5: {
      const length = 1 + rng.size(64);
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at, at + length), bytes.subarray(at)]);
    }
    case 6: {
      if (other === undefined || other.length === 0) return bytes;
      const from = rng.below(other.length);
      const piece = other.subarray(from, from + 1 + rng.size(256));
      return Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at + rng.size(piece.length))]);
    }
    case 7:
      // A length byte rewritten to claim more (or fewer) bytes than follow.
      if (bytes.length > 1) bytes[1 + rng.below(Math.min(bytes.length - 1, 8))] = rng.pick([0x80, 0x84, 0x8f, 0xff]);
      return bytes;
    default:
      return Buffer.concat([bytes, rng.bytes(1 + rng.size(8))]);
  }
}

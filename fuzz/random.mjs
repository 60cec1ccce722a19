// A small seeded generator (sfc32), so that input number i of a target is the same bytes on every
// run and every machine: a finding is reproducible from (target, seed, i) as well as from its file.
import { createHash } from 'node:crypto';

/** A deterministic random source. */
export class Random {
  #a;
  #b;
  #c;
  #d;

  /** @param {string} key any text; equal keys give equal streams */
  constructor(key) {
    const digest = createHash('sha256').update(key).digest();
    this.#a = digest.readUInt32LE(0);
    this.#b = digest.readUInt32LE(4);
    this.#c = digest.readUInt32LE(8);
    this.#d = digest.readUInt32LE(12);
  }

  /** A 32-bit unsigned integer. */
  next() {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n). */
  below(n) {
    return n <= 0 ? 0 : this.next() % n;
  }

  /** True with probability p. */
  chance(p) {
    return this.next() / 0x1_0000_0000 < p;
  }

  /** One element of a non-empty array. */
  pick(items) {
    return items[this.below(items.length)];
  }

  /** Small numbers often, large ones rarely: an integer in [0, max]. */
  size(max) {
    const bits = this.below(Math.ceil(Math.log2(max + 1)) + 1);
    return Math.min(max, this.below(2 ** bits + 1));
  }

  /** n random bytes. */
  bytes(n) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }
}

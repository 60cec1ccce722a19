/**
 * A small least-recently-inserted cache. Parsed certificates and public keys are immutable functions
 * of their bytes, so validating the same certificates again (a server's chain on every handshake, a
 * bench loop, a conformance suite sharing roots) skips the parsing and key import.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();
  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  set(key: K, value: V): V {
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, value);
    return value;
  }
}

import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { TDS_PACKET_SIZE, TDS_PRELOGIN, tdsPacket } from './tds-prelogin.js';

const HEADER_LENGTH = 8;

/**
 * The byte stream a TLS client sees during a TDS 7.x handshake: what it writes leaves in PRELOGIN
 * packets, what the server sends arrives without the packet headers. `raw()` switches to plain
 * bytes, as both sides do once the handshake is over.
 */
export class TdsTlsStream extends Duplex {
  private pending = Buffer.alloc(0);
  private wrapping = true;
  private packetId = 1;

  constructor(private readonly socket: Socket) {
    super();
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => this.push(null));
    socket.on('error', (error) => this.destroy(error));
    socket.on('close', () => this.destroy());
  }

  /** After the handshake: bytes pass unchanged in both directions. */
  raw(): void {
    this.wrapping = false;
    if (this.pending.length > 0) this.push(this.pending);
    this.pending = Buffer.alloc(0);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.wrapping) {
      this.socket.write(chunk, callback);
      return;
    }
    const room = TDS_PACKET_SIZE - HEADER_LENGTH;
    for (let offset = 0; offset < chunk.length; offset += room) {
      const last = offset + room >= chunk.length;
      this.socket.write(tdsPacket(TDS_PRELOGIN, chunk.subarray(offset, offset + room), this.packetId++, last));
    }
    callback();
  }

  override _read(): void {
    this.socket.resume();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }

  private receive(chunk: Buffer): void {
    if (!this.wrapping) {
      this.push(chunk);
      return;
    }
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= HEADER_LENGTH) {
      const length = this.pending.readUInt16BE(2);
      if (length < HEADER_LENGTH) {
        this.destroy(new Error(`TDS packet length ${length} is shorter than its header`));
        return;
      }
      if (this.pending.length < length) return;
      this.push(this.pending.subarray(HEADER_LENGTH, length));
      this.pending = this.pending.subarray(length);
    }
  }
}

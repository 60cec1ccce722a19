import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { TDS_PACKET_SIZE, TDS_PRELOGIN, tdsPacket } from './tds-prelogin.js';

const HEADER_LENGTH = 8;

/** TLS record content types (change_cipher_spec … application_data): never the first byte of a TDS packet. */
const TLS_RECORD_TYPES = new Set([0x14, 0x15, 0x16, 0x17]);

/**
 * The byte stream a TLS peer sees during a TDS 7.x handshake: what it writes leaves in PRELOGIN
 * packets, what the other side sends arrives without the packet headers. `raw()` switches to plain
 * bytes, as both sides do once the handshake is over; a bare TLS record from the other side (it has
 * switched already) switches too, so a server keeps wrapping its last handshake flight until then.
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
    // The pre-login reader left the socket paused; a handshake is small, so let it flow.
    socket.resume();
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
    if (TLS_RECORD_TYPES.has(this.pending[0] as number)) {
      this.raw();
      return;
    }
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

// MS-TDS (TDS 7.x) pre-login: the client's PRELOGIN message asks for encryption, the server's answer
// says whether it will, and then the TLS handshake travels inside PRELOGIN packets (MS-TDS 2.2.6.5).
// Byte layouts: packet header 2.2.3.1 (type, status, big-endian length, SPID, packet id, window);
// PRELOGIN options 2.2.6.5 (token, big-endian offset and length, 0xFF terminator, then the data).
import type { Socket } from 'node:net';
import { ProbeFailure } from '../probe/probe-failure.js';
import { readMessage } from './read-message.js';

export const TDS_PRELOGIN = 0x12;
export const TDS_TABULAR_RESULT = 0x04;
const STATUS_END_OF_MESSAGE = 0x01;
const HEADER_LENGTH = 8;
/** The packet size both sides use until LOGIN7 negotiates another. */
export const TDS_PACKET_SIZE = 4096;

const OPTION_VERSION = 0x00;
const OPTION_ENCRYPTION = 0x01;
const OPTION_INSTOPT = 0x02;
const OPTION_THREADID = 0x03;
const OPTION_MARS = 0x04;
const TERMINATOR = 0xff;

/** B_FENCRYPTION values. */
export const ENCRYPTION = { off: 0x00, on: 0x01, notSupported: 0x02, required: 0x03 } as const;
export type TdsEncryption = keyof typeof ENCRYPTION;

/** What the client says about itself in PRELOGIN. */
export interface PreloginFields {
  /** UL_VERSION and US_SUBBUILD, six bytes as sent. */
  version: readonly number[];
  encryption: number;
  threadId: number;
  mars: boolean;
}

/** One TDS packet: the 8-byte header, then the payload. */
export function tdsPacket(type: number, payload: Uint8Array, packetId = 1, last = true): Uint8Array {
  const packet = new Uint8Array(HEADER_LENGTH + payload.length);
  const view = new DataView(packet.buffer);
  packet[0] = type;
  packet[1] = last ? STATUS_END_OF_MESSAGE : 0x00;
  view.setUint16(2, packet.length, false);
  view.setUint16(4, 0, false); // SPID: the client sends 0
  packet[6] = packetId & 0xff;
  packet[7] = 0; // window: unused, 0
  packet.set(payload, HEADER_LENGTH);
  return packet;
}

/** The PRELOGIN message payload: the option table, its terminator, then each option's data. */
export function preloginPayload(fields: PreloginFields): Uint8Array {
  const threadId = new Uint8Array(4);
  new DataView(threadId.buffer).setUint32(0, fields.threadId, true);
  const options: [number, Uint8Array][] = [
    [OPTION_VERSION, Uint8Array.from(fields.version)],
    [OPTION_ENCRYPTION, Uint8Array.of(fields.encryption)],
    [OPTION_INSTOPT, Uint8Array.of(0x00)], // the default instance: an empty name, NUL-terminated
    [OPTION_THREADID, threadId],
    [OPTION_MARS, Uint8Array.of(fields.mars ? 0x01 : 0x00)],
  ];
  const tableLength = options.length * 5 + 1;
  const dataLength = options.reduce((sum, [, data]) => sum + data.length, 0);
  const payload = new Uint8Array(tableLength + dataLength);
  const view = new DataView(payload.buffer);
  let entry = 0;
  let offset = tableLength;
  for (const [token, data] of options) {
    payload[entry] = token;
    view.setUint16(entry + 1, offset, false);
    view.setUint16(entry + 3, data.length, false);
    payload.set(data, offset);
    entry += 5;
    offset += data.length;
  }
  payload[entry] = TERMINATOR;
  return payload;
}

/** The PRELOGIN packet the scanner sends: a TDS 7.4-era client version, encryption on, no MARS. */
export function scannerPrelogin(): Uint8Array {
  const fields = { version: [0x0c, 0x00, 0x00, 0x00, 0x00, 0x00], encryption: ENCRYPTION.on, threadId: 0, mars: false };
  return tdsPacket(TDS_PRELOGIN, preloginPayload(fields));
}

/** The options of a PRELOGIN payload, by token. */
export function readPreloginOptions(payload: Uint8Array): Map<number, Uint8Array> {
  const options = new Map<number, Uint8Array>();
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  for (let entry = 0; ; entry += 5) {
    const token = payload[entry];
    if (token === undefined) throw new Error('PRELOGIN option table has no terminator');
    if (token === TERMINATOR) break;
    if (entry + 5 > payload.length) throw new Error('PRELOGIN option table is truncated');
    const offset = view.getUint16(entry + 1, false);
    const length = view.getUint16(entry + 3, false);
    if (offset + length > payload.length) throw new Error(`PRELOGIN option ${token} points outside the packet`);
    options.set(token, payload.subarray(offset, offset + length));
  }
  return options;
}

/** A whole TDS message (its packets up to end-of-message): type and joined payload. */
export function parseTdsMessage(
  buffer: Buffer,
): { value: { type: number; payload: Buffer }; used: number } | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  let type = -1;
  for (;;) {
    if (offset + HEADER_LENGTH > buffer.length) return undefined;
    const length = buffer.readUInt16BE(offset + 2);
    if (length < HEADER_LENGTH) throw new Error(`TDS packet length ${length} is shorter than its header`);
    if (offset + length > buffer.length) return undefined;
    type = buffer[offset] as number;
    parts.push(buffer.subarray(offset + HEADER_LENGTH, offset + length));
    const last = ((buffer[offset + 1] as number) & STATUS_END_OF_MESSAGE) !== 0;
    offset += length;
    if (last) return { value: { type, payload: Buffer.concat(parts) }, used: offset };
  }
}

/** The server's B_FENCRYPTION answer, as a name. */
export function encryptionName(value: number | undefined): TdsEncryption {
  const found = Object.entries(ENCRYPTION).find(([, code]) => code === value);
  if (found === undefined) throw new Error(`unknown PRELOGIN encryption value ${value}`);
  return found[0] as TdsEncryption;
}

/** Sends PRELOGIN and reads the server's answer; fails when the server will not encrypt. */
export async function negotiateTdsEncryption(socket: Socket, timeoutMs: number): Promise<TdsEncryption> {
  socket.write(scannerPrelogin());
  const answer = await readMessage(socket, parseTdsMessage, timeoutMs, 'TDS pre-login');
  if (answer.type !== TDS_TABULAR_RESULT && answer.type !== TDS_PRELOGIN) {
    throw new ProbeFailure('protocol', `TDS pre-login: the answer is packet type 0x${answer.type.toString(16)}`);
  }
  let encryption: TdsEncryption;
  try {
    encryption = encryptionName(readPreloginOptions(answer.payload).get(OPTION_ENCRYPTION)?.[0]);
  } catch (error) {
    throw new ProbeFailure('protocol', `TDS pre-login: ${(error as Error).message}`, { cause: error });
  }
  if (encryption === 'notSupported') {
    throw new ProbeFailure('no-tls', 'the SQL server does not support encryption (PRELOGIN ENCRYPT_NOT_SUP)');
  }
  return encryption;
}

// A TLS 1.0–1.2 ClientHello written by hand (RFC 5246 §7.4.1.2, RFC 6066, RFC 8422, RFC 5746), so the
// scanner can ask for suites OpenSSL 3 no longer offers and read the server's answer itself.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

const RECORD_HANDSHAKE = 0x16;
const HANDSHAKE_CLIENT_HELLO = 0x01;

const EXT_SERVER_NAME = 0x0000;
const EXT_SUPPORTED_GROUPS = 0x000a;
const EXT_EC_POINT_FORMATS = 0x000b;
const EXT_SIGNATURE_ALGORITHMS = 0x000d;
const EXT_RENEGOTIATION_INFO = 0xff01;

/** x25519, secp256r1, secp384r1, secp521r1, ffdhe2048. */
const GROUPS = [0x001d, 0x0017, 0x0018, 0x0019, 0x0100];
/** ECDSA, RSA-PSS and PKCS#1 with SHA-256/384/512, then the SHA-1 ones old servers need. */
const SIGNATURE_ALGORITHMS = [
  0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0203, 0x0202, 0x0402,
];

/** What to put in the hello. */
export interface ClientHelloOptions {
  /** The highest version offered (0x0301 TLS 1.0 … 0x0303 TLS 1.2). */
  version: number;
  /** IANA codes, in preference order. */
  suites: readonly number[];
  /** SNI; left out for an IP address. */
  servername?: string | undefined;
}

/** The whole record: header, then the ClientHello handshake message. */
export function clientHelloRecord(options: ClientHelloOptions): Uint8Array {
  const body = concat([
    u16(options.version),
    randomBytes(32),
    Uint8Array.of(0), // no session id
    vector16(concat(options.suites.map(u16))),
    Uint8Array.of(1, 0), // compression: null only
    vector16(extensions(options)),
  ]);
  const handshake = concat([Uint8Array.of(HANDSHAKE_CLIENT_HELLO), u24(body.length), body]);
  // The record layer says TLS 1.0: some old servers drop hellos whose record version is higher.
  return concat([Uint8Array.of(RECORD_HANDSHAKE), u16(0x0301), u16(handshake.length), handshake]);
}

function extensions(options: ClientHelloOptions): Uint8Array {
  const parts: Uint8Array[] = [];
  if (options.servername !== undefined && isIP(options.servername) === 0) {
    const name = Buffer.from(options.servername, 'ascii');
    parts.push(extension(EXT_SERVER_NAME, vector16(concat([Uint8Array.of(0), vector16(name)]))));
  }
  parts.push(extension(EXT_SUPPORTED_GROUPS, vector16(concat(GROUPS.map(u16)))));
  parts.push(extension(EXT_EC_POINT_FORMATS, Uint8Array.of(1, 0)));
  if (options.version >= 0x0303) {
    parts.push(extension(EXT_SIGNATURE_ALGORITHMS, vector16(concat(SIGNATURE_ALGORITHMS.map(u16)))));
  }
  parts.push(extension(EXT_RENEGOTIATION_INFO, Uint8Array.of(0)));
  return concat(parts);
}

function extension(type: number, data: Uint8Array): Uint8Array {
  return concat([u16(type), vector16(data)]);
}

function vector16(data: Uint8Array): Uint8Array {
  return concat([u16(data.length), data]);
}

function u16(value: number): Uint8Array {
  return Uint8Array.of((value >> 8) & 0xff, value & 0xff);
}

function u24(value: number): Uint8Array {
  return Uint8Array.of((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

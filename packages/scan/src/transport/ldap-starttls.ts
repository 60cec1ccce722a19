// LDAP StartTLS (RFC 4511 §4.14): an ExtendedRequest with the StartTLS OID on the plain connection;
// a success ExtendedResponse means the next bytes are the TLS handshake.
import type { Socket } from 'node:net';
import { children, encodeTlv, readSmallInteger, readTlv, requireTlv } from '../lib/ber.js';
import { ProbeFailure } from '../probe/probe-failure.js';
import { readMessage } from './read-message.js';

export const STARTTLS_OID = '1.3.6.1.4.1.1466.20037';

const TAG_SEQUENCE = 0x30;
const TAG_INTEGER = 0x02;
const TAG_EXTENDED_REQUEST = 0x77; // [APPLICATION 23], constructed
const TAG_EXTENDED_RESPONSE = 0x78; // [APPLICATION 24], constructed
const TAG_REQUEST_NAME = 0x80; // [0], primitive

/** LDAP result codes a StartTLS answer commonly carries, for messages. */
const RESULT_NAMES: Record<number, string> = {
  0: 'success',
  1: 'operationsError',
  2: 'protocolError',
  52: 'unavailable',
  53: 'unwillingToPerform',
};

/** The StartTLS ExtendedRequest, as message `messageId`. */
export function startTlsRequest(messageId = 1): Uint8Array {
  const name = encodeTlv(TAG_REQUEST_NAME, Buffer.from(STARTTLS_OID, 'latin1'));
  const operation = encodeTlv(TAG_EXTENDED_REQUEST, name);
  return encodeTlv(TAG_SEQUENCE, [...encodeTlv(TAG_INTEGER, [messageId]), ...operation]);
}

/** Reads one LDAPMessage and returns the resultCode of its ExtendedResponse. */
export function parseExtendedResponse(buffer: Buffer): { value: number; used: number } | undefined {
  const message = readTlv(buffer, 0);
  if (message === undefined) return undefined;
  if (message.tag !== TAG_SEQUENCE) throw new Error('the answer is not an LDAP message');
  const [, operation] = children(buffer, message);
  if (operation?.tag !== TAG_EXTENDED_RESPONSE) throw new Error('the answer is not an ExtendedResponse');
  const resultCode = requireTlv(buffer, operation.start, operation.end);
  return { value: readSmallInteger(buffer, resultCode), used: message.end };
}

/** Asks for StartTLS on a plain LDAP connection; resolves when the server agreed. */
export async function startLdapTls(socket: Socket, timeoutMs: number): Promise<void> {
  socket.write(startTlsRequest());
  const resultCode = await readMessage(socket, parseExtendedResponse, timeoutMs, 'LDAP StartTLS');
  if (resultCode !== 0) {
    const name = RESULT_NAMES[resultCode] ?? `resultCode ${resultCode}`;
    throw new ProbeFailure('no-tls', `LDAP StartTLS refused (${name})`);
  }
}

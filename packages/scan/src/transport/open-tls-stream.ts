import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EndpointTarget } from '../targets/types.js';
import { connectTcp } from './connect-tcp.js';
import { startLdapTls } from './ldap-starttls.js';
import { negotiateTdsEncryption, type TdsEncryption } from './tds-prelogin.js';
import { TdsTlsStream } from './tds-tls-stream.js';

/** A connection positioned where the TLS handshake starts. */
export interface OpenedStream {
  /** What the TLS client reads and writes. */
  stream: Duplex;
  /** The TCP socket under it (to destroy). */
  socket: Socket;
  /** MS-SQL: the server's PRELOGIN encryption answer. */
  tdsEncryption?: TdsEncryption;
  /** MS-SQL: call once the handshake is over, when the records stop travelling in PRELOGIN packets. */
  handshakeDone(): void;
}

/** Connects and speaks the protocol's preamble (none, LDAP StartTLS or TDS pre-login). */
export async function openTlsStream(
  target: Pick<EndpointTarget, 'host' | 'port' | 'protocol'>,
  timeoutMs: number,
): Promise<OpenedStream> {
  const socket = await connectTcp(target.host, target.port, timeoutMs);
  try {
    if (target.protocol === 'ldap-starttls') await startLdapTls(socket, timeoutMs);
    if (target.protocol === 'mssql') {
      const tdsEncryption = await negotiateTdsEncryption(socket, timeoutMs);
      const stream = new TdsTlsStream(socket);
      return { stream, socket, tdsEncryption, handshakeDone: () => stream.raw() };
    }
  } catch (error) {
    socket.destroy();
    throw error;
  }
  return { stream: socket, socket, handshakeDone: () => {} };
}

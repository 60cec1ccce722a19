// A StartTLS LDAP responder for tests, written from RFC 4511 §4.14: it answers the StartTLS
// ExtendedRequest (success, or a refusal) and then speaks TLS on the same connection. It knows no
// other LDAP operation.
import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { createSecureContext, TLSSocket, type SecureContextOptions } from 'node:tls';
import { children, encodeTlv, readSmallInteger, readTlv } from '../../src/lib/ber.js';
import { STARTTLS_OID } from '../../src/transport/ldap-starttls.js';
import type { RunningServer } from './servers.js';

export interface LdapResponderOptions {
  /** Default 127.0.0.1 and a free port. */
  host?: string;
  port?: number;
  tls: SecureContextOptions;
  /** 0 to agree (default); e.g. 53 (unwillingToPerform) to refuse. */
  resultCode?: number;
}

export async function startLdapResponder(
  options: LdapResponderOptions,
): Promise<RunningServer & { handshakes(): number }> {
  const context = createSecureContext(options.tls);
  let handshakes = 0;
  const server = createServer((socket) => {
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const message = readTlv(buffer, 0);
      if (message === undefined) return;
      socket.off('data', onData);
      const [messageId] = children(buffer, message);
      answer(
        socket,
        messageId === undefined ? 1 : readSmallInteger(buffer, messageId),
        options.resultCode ?? 0,
        context,
        () => handshakes++,
      );
    };
    socket.on('data', onData);
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    handshakes: () => handshakes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function answer(
  socket: Socket,
  messageId: number,
  resultCode: number,
  context: ReturnType<typeof createSecureContext>,
  onSecure: () => void,
): void {
  const body = [
    ...encodeTlv(0x0a, [resultCode]), // resultCode ENUMERATED
    ...encodeTlv(0x04, []), // matchedDN
    ...encodeTlv(0x04, Buffer.from(resultCode === 0 ? '' : 'StartTLS is not available', 'utf8')), // diagnosticMessage
    ...(resultCode === 0 ? encodeTlv(0x8a, Buffer.from(STARTTLS_OID, 'latin1')) : []), // responseName [10]
  ];
  const response = encodeTlv(0x30, [...encodeTlv(0x02, [messageId]), ...encodeTlv(0x78, body)]);
  socket.write(response);
  if (resultCode !== 0) {
    socket.end();
    return;
  }
  const secure = new TLSSocket(socket, { isServer: true, secureContext: context });
  secure.on('error', () => {});
  secure.on('secure', onSecure);
  secure.setTimeout(3000, () => secure.destroy());
}

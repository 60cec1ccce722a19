// A TDS 7.x pre-login responder for tests, written from MS-TDS: it answers PRELOGIN (2.2.6.5), runs
// the TLS handshake inside PRELOGIN packets, then reads LOGIN7 over TLS and refuses it with an ERROR
// token (2.2.7.10) and DONE (2.2.7.6), so a real client shows that the whole exchange worked.
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { createSecureContext, type SecureContextOptions, TLSSocket } from 'node:tls';
import {
  ENCRYPTION,
  parseTdsMessage,
  preloginPayload,
  TDS_TABULAR_RESULT,
  tdsPacket,
} from '../../src/transport/tds-prelogin.js';
import { TdsTlsStream } from '../../src/transport/tds-tls-stream.js';
import type { RunningServer } from './servers.js';

const LOGIN7 = 0x10;
export const LOGIN_REFUSAL = 'Login refused by the certwright test responder.';

export interface TdsResponderOptions {
  /** Default 127.0.0.1 and a free port. */
  host?: string;
  port?: number;
  tls: SecureContextOptions;
  encryption?: keyof typeof ENCRYPTION;
}

export interface TdsResponder extends RunningServer {
  /** LOGIN7 messages received over TLS. */
  logins(): number;
}

export async function startTdsResponder(options: TdsResponderOptions): Promise<TdsResponder> {
  const context = createSecureContext(options.tls);
  const encryption = ENCRYPTION[options.encryption ?? 'on'];
  let logins = 0;
  const server = createServer((socket) => {
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parseTdsMessage(buffer);
      if (parsed === undefined) return;
      socket.off('data', onData);
      socket.pause();
      const version = [0x0f, 0x00, 0x07, 0xd0, 0x00, 0x00]; // 15.0.2000: SQL Server 2019
      socket.write(tdsPacket(TDS_TABULAR_RESULT, preloginPayload({ version, encryption, threadId: 0, mars: false })));
      if (encryption === ENCRYPTION.notSupported) {
        socket.end();
        return;
      }
      const carrier = new TdsTlsStream(socket);
      const secure = new TLSSocket(carrier, { isServer: true, secureContext: context });
      secure.on('error', () => socket.destroy());
      // No switch to raw bytes on 'secure': the server's last handshake flight may still be on its
      // way out. The carrier switches when the client's first bare TLS record arrives.
      let login = Buffer.alloc(0);
      secure.on('data', (data: Buffer) => {
        login = Buffer.concat([login, data]);
        const message = parseTdsMessage(login);
        if (message === undefined || message.value.type !== LOGIN7) return;
        logins++;
        secure.end(tdsPacket(TDS_TABULAR_RESULT, Buffer.concat([errorToken(LOGIN_REFUSAL), doneToken()])));
      });
    };
    socket.on('data', onData);
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    logins: () => logins,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** ERROR token: number 18456 (login failed), state 1, class 14, the message, no server or procedure name, line 1. */
function errorToken(message: string): Buffer {
  const text = Buffer.from(message, 'utf16le');
  const body = Buffer.alloc(4 + 1 + 1 + 2 + text.length + 1 + 1 + 4);
  let offset = 0;
  offset = body.writeInt32LE(18456, offset);
  offset = body.writeUInt8(1, offset);
  offset = body.writeUInt8(14, offset);
  offset = body.writeUInt16LE(message.length, offset);
  offset += text.copy(body, offset);
  offset = body.writeUInt8(0, offset); // ServerName: empty
  offset = body.writeUInt8(0, offset); // ProcName: empty
  body.writeInt32LE(1, offset);
  const header = Buffer.alloc(3);
  header.writeUInt8(0xaa, 0);
  header.writeUInt16LE(body.length, 1);
  return Buffer.concat([header, body]);
}

/** DONE token with DONE_ERROR, TDS 7.2+ layout (8-byte row count). */
function doneToken(): Buffer {
  const token = Buffer.alloc(13);
  token.writeUInt8(0xfd, 0);
  token.writeUInt16LE(0x0002, 1);
  return token;
}

import { type Agent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import type { Duplex } from 'node:stream';
import { connectionError, type Endpoint, openConnection, timeoutError } from './agent.js';
import { TLSSocket } from 'node:tls';
import { DeviceError, statusError } from './errors.js';
import { servedLeaf, sha256Hex } from './tls-trust.js';

/** One HTTP request to a device's REST API. */
export interface DeviceRequest {
  method: 'GET' | 'PUT' | 'POST';
  /** Path below the device root, e.g. `/api/v1/status`. */
  path: string;
  query?: Record<string, string> | undefined;
  body?: Buffer | undefined;
  contentType?: string | undefined;
  /** A brand-new connection (no keep-alive reuse), e.g. after the served certificate changed. */
  freshConnection?: boolean | undefined;
}

export interface DeviceResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  connection: ConnectionInfo;
}

/** Which connection carried an answer: a device reset drops every connection, so one id across requests proves none came between. */
export interface ConnectionInfo {
  id: number;
  /** SHA-256 of the leaf the device served when this connection was opened (TLS only; none for a resumed session, which shows no certificate). */
  servedFingerprint?: string | undefined;
}

let nextConnectionId = 1;
const connections = new WeakMap<object, ConnectionInfo>();

function connectionInfo(socket: object | null): ConnectionInfo {
  if (socket === null) return { id: 0 };
  let info = connections.get(socket);
  if (info === undefined) {
    const leaf = socket instanceof TLSSocket && !socket.isSessionReused() ? servedLeaf(socket) : undefined;
    info = {
      id: nextConnectionId++,
      servedFingerprint: leaf === undefined ? undefined : sha256Hex(leaf),
    };
    connections.set(socket, info);
  }
  return info;
}

/** Most bytes read from one answer: a full ini or a 150-root store is far below this. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * Sends one request with Basic credentials and a per-request timeout; answers outside 2xx become
 * DeviceErrors with the status (never the credentials). `authorization` is the prepared header value.
 */
export function sendRequest(
  endpoint: Endpoint,
  agent: Agent,
  authorization: string | undefined,
  request: DeviceRequest,
): Promise<DeviceResponse> {
  const search = request.query === undefined ? '' : `?${new URLSearchParams(request.query).toString()}`;
  const headers: Record<string, string | number> = {
    accept: 'application/json, application/octet-stream, */*',
    'content-length': request.body?.length ?? 0,
  };
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  if (authorization !== undefined) headers.authorization = authorization;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: DeviceError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      reject(error);
    };
    const fresh = request.freshConnection === true;
    const outgoing = httpRequest(
      {
        host: endpoint.host,
        port: endpoint.port,
        method: request.method,
        path: `${request.path}${search}`,
        headers,
        ...(fresh
          ? {
              agent: false,
              createConnection: ((_options: unknown, callback: (error: Error | null, socket: Duplex) => void) => {
                openConnection(endpoint).then(
                  (socket) => callback(null, socket),
                  (error: Error) => callback(error, undefined as unknown as Duplex),
                );
                return undefined;
              }) as never,
            }
          : { agent }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            fail(new DeviceError('ERR_DEVICE_BAD_RESPONSE', 'answer too large', { device: endpoint.device }));
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', (error) => fail(connectionError(endpoint, error)));
        response.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const body = Buffer.concat(chunks);
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            resolve({ status, headers: response.headers, body, connection: connectionInfo(outgoing.socket) });
            return;
          }
          const url = request.path;
          reject(statusError(endpoint.device, request.method, url, status, describeBody(body)));
        });
      },
    );
    const timer = setTimeout(() => fail(timeoutError(endpoint)), endpoint.timeoutMs);
    outgoing.on('error', (error) => fail(error instanceof DeviceError ? error : connectionError(endpoint, error)));
    outgoing.end(request.body);
  });
}

/** The `description` the device API puts in every JSON answer, for error messages. */
function describeBody(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { description?: unknown };
    return typeof parsed.description === 'string' ? parsed.description.slice(0, 200) : '';
  } catch {
    return '';
  }
}

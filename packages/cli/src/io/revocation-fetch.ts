/**
 * The HTTP transport for `--fetch-revocation`: core's fetchRevocation asks, this carries. Plain
 * http and https with Node's own clients, through HTTP_PROXY (http URLs) or HTTPS_PROXY (https URLs,
 * by a CONNECT tunnel) unless NO_PROXY names the host; no redirects; reading stops past maxBytes.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import type { RevocationFetch, RevocationFetchRequest } from '@certwright/core';

/** A RevocationFetch that honours the proxy variables of `env` (upper or lower case). */
export function createRevocationFetch(env: Record<string, string | undefined>): RevocationFetch {
  return (url, request) => {
    const target = new URL(url);
    const proxy = proxyFor(target, env);
    if (proxy === undefined) return direct(target, request);
    return target.protocol === 'http:'
      ? viaHttpProxy(target, proxy, request)
      : viaConnectTunnel(target, proxy, request);
  };
}

/** The proxy URL for `target`, or undefined when none applies (no variable, or NO_PROXY matches). */
export function proxyFor(target: URL, env: Record<string, string | undefined>): URL | undefined {
  const variable = target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  const value = env[variable] ?? env[variable.toLowerCase()];
  if (value === undefined || value === '' || bypassed(target.hostname, env.NO_PROXY ?? env.no_proxy ?? '')) {
    return undefined;
  }
  return new URL(value.includes('://') ? value : `http://${value}`);
}

// NO_PROXY: `*`, or comma-separated host names and domain suffixes (`.example.com` or `example.com`).
function bypassed(host: string, noProxy: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return noProxy
    .split(',')
    .map((entry) => entry.trim().toLowerCase().replace(/:\d+$/, ''))
    .filter((entry) => entry !== '')
    .some(
      (entry) => entry === '*' || name === entry.replace(/^\./, '') || name.endsWith(`.${entry.replace(/^\./, '')}`),
    );
}

function direct(target: URL, request: RevocationFetchRequest) {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return exchange(send(target, { method: request.method, headers: request.headers, signal: request.signal }), request);
}

// An http URL through a proxy: the request line carries the absolute URL.
function viaHttpProxy(target: URL, proxy: URL, request: RevocationFetchRequest) {
  const outgoing = httpRequest({
    host: proxy.hostname,
    port: proxy.port || 80,
    path: target.href,
    method: request.method,
    headers: { ...request.headers, host: target.host, ...proxyAuthorization(proxy) },
    signal: request.signal,
  });
  return exchange(outgoing, request);
}

// An https URL through a proxy: CONNECT, then TLS (verified against the target's name) in the tunnel.
function viaConnectTunnel(target: URL, proxy: URL, request: RevocationFetchRequest) {
  return new Promise<{ status: number; body: Uint8Array }>((resolve, reject) => {
    const authority = `${target.hostname}:${target.port || 443}`;
    const connecting = httpRequest({
      host: proxy.hostname,
      port: proxy.port || 80,
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...proxyAuthorization(proxy) },
      signal: request.signal,
    });
    connecting.once('error', reject);
    connecting.once('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        reject(new Error(`proxy answered ${response.statusCode} to CONNECT ${authority}`));
        return;
      }
      const outgoing = httpsRequest(target, {
        method: request.method,
        headers: request.headers,
        signal: request.signal,
        createConnection: () => tlsConnect({ socket, servername: target.hostname }),
      });
      exchange(outgoing, request).then(resolve, reject);
    });
    connecting.end();
  });
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (proxy.username === '') return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

// Sends the body, reads the answer up to maxBytes.
function exchange(
  outgoing: ReturnType<typeof httpRequest>,
  request: RevocationFetchRequest,
): Promise<{ status: number; body: Uint8Array }> {
  return new Promise((resolve, reject) => {
    outgoing.once('error', reject);
    outgoing.once('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > request.maxBytes) {
          response.destroy();
          reject(new Error(`larger than ${request.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.once('error', reject);
      response.once('end', () =>
        resolve({ status: response.statusCode ?? 0, body: new Uint8Array(Buffer.concat(chunks)) }),
      );
    });
    outgoing.end(request.body === undefined ? undefined : Buffer.from(request.body));
  });
}

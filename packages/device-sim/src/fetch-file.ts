// How an MP-1xx downloads one Automatic Update file: GET over HTTPS (or HTTP), answering a 401 challenge
// with Basic or Digest (MD5, qop=auth) credentials, and verifying the server only when told to.
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface FetchOptions {
  /** Verify the server's certificate against `trustedRoots` (AUPDVerifyCertificates = 1). */
  verify: boolean;
  trustedRoots: string[];
  username?: string;
  password?: string;
  timeoutMs?: number;
}

const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** The file's text; throws an Error saying what went wrong (TLS verification, status, timeout). */
export async function fetchFile(url: string, options: FetchOptions): Promise<string> {
  const fetched = await fetchIfModified(url, options, undefined);
  if (fetched.notModified) throw new Error(`${url}: HTTP 304 to a request that was not conditional`);
  return fetched.text;
}

export type ConditionalFetch = { notModified: true } | { notModified: false; text: string; lastModified?: string };

/**
 * A GET with `If-Modified-Since: since` when given: a device loads only an ini more recently dated than
 * the one it has (MediaPack manuals), so a 304 means nothing to do.
 */
export async function fetchIfModified(
  url: string,
  options: FetchOptions,
  since: string | undefined,
): Promise<ConditionalFetch> {
  const headers: Record<string, string> = since === undefined ? {} : { 'if-modified-since': since };
  let response = await get(url, options, headers);
  if (response.status === 401 && options.username !== undefined) {
    const authorization = answerChallenge(response.challenge, url, options.username, options.password ?? '');
    if (!authorization) throw new Error(`${url}: 401 with no Basic or Digest challenge`);
    response = await get(url, options, { ...headers, authorization });
  }
  if (response.status === 304 && since !== undefined) return { notModified: true };
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
  return {
    notModified: false,
    text: response.body,
    ...(response.lastModified === undefined ? {} : { lastModified: response.lastModified }),
  };
}

interface Response {
  status: number;
  challenge: string;
  body: string;
  lastModified?: string;
}

function get(url: string, options: FetchOptions, headers: Record<string, string>): Promise<Response> {
  const target = new URL(url);
  const isHttps = target.protocol === 'https:';
  // Verification on: the context's trusted roots only, never the system's.
  if (isHttps && options.verify && options.trustedRoots.length === 0) {
    return Promise.reject(new Error(`${url}: certificate verification is on and the trusted root store is empty`));
  }
  const tls = isHttps
    ? options.verify
      ? { rejectUnauthorized: true, ca: options.trustedRoots }
      : { rejectUnauthorized: false }
    : {};
  const send = isHttps ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(target, { method: 'GET', agent: false, headers, ...tls }, (response) =>
      readResponse(response).then(resolve, reject),
    );
    request.setTimeout(options.timeoutMs ?? 10_000, () => request.destroy(new Error(`${url}: timed out`)));
    request.on('error', (error) => reject(new Error(`${url}: ${error.message}`)));
    request.end();
  });
}

async function readResponse(response: IncomingMessage): Promise<Response> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > MAX_FILE_BYTES) throw new Error('file too large');
    chunks.push(chunk as Buffer);
  }
  const header = response.headers['www-authenticate'];
  const lastModified = response.headers['last-modified'];
  return {
    status: response.statusCode ?? 0,
    challenge: Array.isArray(header) ? header.join(', ') : (header ?? ''),
    body: Buffer.concat(chunks).toString('utf8'),
    ...(lastModified === undefined ? {} : { lastModified }),
  };
}

/** Digest when offered (it keeps the password off the wire), else Basic. */
export function answerChallenge(
  challenge: string,
  url: string,
  username: string,
  password: string,
): string | undefined {
  const digest = /Digest\s+(.*)$/i.exec(challenge);
  if (digest) return digestAuthorization(parseParams(digest[1] ?? ''), new URL(url), username, password);
  if (/Basic/i.test(challenge)) return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return undefined;
}

function parseParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/g)) {
    params[(match[1] ?? '').toLowerCase()] = match[2] ?? match[3] ?? '';
  }
  return params;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** RFC 2617 / 7616 with MD5 and qop=auth (or no qop, RFC 2069 style, when the server offers none). */
function digestAuthorization(params: Record<string, string>, url: URL, username: string, password: string): string {
  const { realm = '', nonce = '', opaque } = params;
  const uri = `${url.pathname}${url.search}`;
  const ha1 = md5(`${username}:${realm}:${password}`);
  const ha2 = md5(`GET:${uri}`);
  const qopOffered = (params.qop ?? '').split(',').map((value) => value.trim());
  const fields = [`username="${username}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${uri}"`, 'algorithm=MD5'];
  if (qopOffered.includes('auth')) {
    const nc = '00000001';
    const cnonce = randomBytes(8).toString('hex');
    fields.push(
      `response="${md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`,
      'qop=auth',
      `nc=${nc}`,
      `cnonce="${cnonce}"`,
    );
  } else {
    fields.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
  }
  if (opaque !== undefined) fields.push(`opaque="${opaque}"`);
  return `Digest ${fields.join(', ')}`;
}

import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:https';
import { parseDigestFields } from '../../src/mp1xx/http-auth.js';

/** A reply as the test sees it. */
export interface Reply {
  status: number;
  body: string;
  challenges: string[];
  lastModified?: string | undefined;
}

/** One GET over a fresh TLS connection, trusting only `ca`, from a chosen local address. */
export function httpsGet(
  url: string,
  options: { ca: string; authorization?: string; localAddress?: string; ifModifiedSince?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        ca: options.ca,
        agent: false,
        localAddress: options.localAddress,
        headers: {
          ...(options.authorization ? { Authorization: options.authorization } : {}),
          ...(options.ifModifiedSince ? { 'If-Modified-Since': options.ifModifiedSince } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            // headersDistinct keeps repeated WWW-Authenticate headers apart (headers joins them with commas).
            challenges: res.headersDistinct['www-authenticate'] ?? [],
            lastModified: res.headers['last-modified'],
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** A Digest answer to one of the server's challenges (RFC 7616, qop=auth), as a device computes it. */
export function digest(
  challenge: string,
  credentials: { username: string; password: string; method: string; uri: string },
): string {
  const fields = parseDigestFields(challenge.replace(/^Digest\s+/i, ''));
  const algorithm = fields.get('algorithm') ?? 'MD5';
  const h = (text: string) =>
    createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5')
      .update(text)
      .digest('hex');
  const realm = fields.get('realm') as string;
  const nonce = fields.get('nonce') as string;
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  const ha1 = h(`${credentials.username}:${realm}:${credentials.password}`);
  const ha2 = h(`${credentials.method}:${credentials.uri}`);
  const response = h(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${credentials.username}", realm="${realm}", nonce="${nonce}", uri="${credentials.uri}", qop=auth, nc=${nc}, cnonce="${cnonce}", algorithm=${algorithm}, response="${response}"`;
}

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The one user the provisioning endpoint accepts. */
export interface ProvisionCredentials {
  username: string;
  password: string;
}

/** How long a Digest nonce stays good. */
const NONCE_LIFETIME_MS = 5 * 60 * 1000;
const DIGEST_ALGORITHMS = { MD5: 'md5', 'SHA-256': 'sha256' } as const;

/**
 * HTTP authentication as devices speak it: Basic (RFC 7617) and Digest (RFC 7616, qop=auth, MD5 for
 * older firmware and SHA-256). Nonces are stateless: a timestamp signed with a per-run secret.
 */
export class HttpAuthenticator {
  private readonly nonceSecret = randomBytes(32);

  constructor(
    private readonly credentials: ProvisionCredentials,
    readonly realm: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The WWW-Authenticate challenges of a 401: Digest SHA-256, Digest MD5, then Basic. */
  challenges(): string[] {
    const nonce = this.newNonce();
    const digest = (algorithm: string) =>
      `Digest realm="${this.realm}", qop="auth", algorithm=${algorithm}, nonce="${nonce}"`;
    return [digest('SHA-256'), digest('MD5'), `Basic realm="${this.realm}", charset="UTF-8"`];
  }

  /** True when the Authorization header carries the right credentials for this method and URI. */
  verify(header: string | undefined, method: string, uri: string): boolean {
    if (header === undefined) return false;
    const space = header.indexOf(' ');
    const scheme = header.slice(0, space).toLowerCase();
    const rest = header.slice(space + 1).trim();
    if (space > 0 && scheme === 'basic') return this.verifyBasic(rest);
    if (space > 0 && scheme === 'digest') return this.verifyDigest(parseDigestFields(rest), method, uri);
    return false;
  }

  private verifyBasic(token: string): boolean {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const userOk = sameText(decoded.slice(0, colon), this.credentials.username);
    const passwordOk = sameText(decoded.slice(colon + 1), this.credentials.password);
    return userOk && passwordOk;
  }

  private verifyDigest(fields: Map<string, string>, method: string, uri: string): boolean {
    const algorithmName = fields.get('algorithm') ?? 'MD5';
    const hash = DIGEST_ALGORITHMS[algorithmName.toUpperCase() as keyof typeof DIGEST_ALGORITHMS];
    const nonce = fields.get('nonce');
    const response = fields.get('response');
    const nc = fields.get('nc');
    const cnonce = fields.get('cnonce');
    if (hash === undefined || nonce === undefined || response === undefined || nc === undefined) return false;
    if (cnonce === undefined || fields.get('qop') !== 'auth' || fields.get('uri') !== uri) return false;
    if (fields.get('realm') !== this.realm || !this.nonceIsFresh(nonce)) return false;
    if (!sameText(fields.get('username') ?? '', this.credentials.username)) return false;
    const h = (text: string) => createHash(hash).update(text, 'utf8').digest('hex');
    const ha1 = h(`${this.credentials.username}:${this.realm}:${this.credentials.password}`);
    const ha2 = h(`${method}:${uri}`);
    return sameText(response.toLowerCase(), h(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`));
  }

  private newNonce(): string {
    const stamp = String(this.now());
    return `${stamp}.${this.sign(stamp)}`;
  }

  private nonceIsFresh(nonce: string): boolean {
    const [stamp, signature] = nonce.split('.');
    if (stamp === undefined || signature === undefined || !sameText(signature, this.sign(stamp))) return false;
    const age = this.now() - Number(stamp);
    return age >= 0 && age <= NONCE_LIFETIME_MS;
  }

  private sign(stamp: string): string {
    return createHmac('sha256', this.nonceSecret).update(stamp).digest('base64url');
  }
}

/** `name=value` and `name="quoted value"` pairs of a Digest header (RFC 7616 §3.4). */
export function parseDigestFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  const pattern = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const match of text.matchAll(pattern)) {
    const name = (match[1] as string).toLowerCase();
    fields.set(name, match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] as string));
  }
  return fields;
}

// Compares digests of both sides so the time taken says nothing about where they differ, or their lengths.
function sameText(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/** One usable line of an OpenSSH known_hosts file. */
export interface KnownHostEntry {
  /** `@revoked` lines name keys that must never be accepted. */
  revoked: boolean;
  /** Comma-separated patterns, or one hashed name (`|1|salt|hash`). */
  patterns: string[];
  keyType: string;
  /** The key blob in SSH wire format, as the server sends it. */
  key: Buffer;
}

/** What a known_hosts file says about a host's key. */
export type HostKeyVerdict = 'trusted' | 'unknown' | 'mismatch' | 'revoked';

/**
 * Parses known_hosts text as OpenSSH writes it (`ssh-keyscan`, `ssh-keygen -H`): plain and
 * hashed host names, `[host]:port`, wildcards and negation. `@cert-authority` lines are skipped:
 * host certificates are not supported, so such a host is unknown unless its key is listed.
 */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]?.startsWith('@') ? fields.shift() : undefined;
    if (marker !== undefined && marker !== '@revoked') continue;
    const [hosts, keyType, keyBase64] = fields;
    if (!hosts || !keyType || !keyBase64 || !/^[A-Za-z0-9+/]+=*$/.test(keyBase64)) continue;
    entries.push({
      revoked: marker === '@revoked',
      patterns: hosts.split(','),
      keyType,
      key: Buffer.from(keyBase64, 'base64'),
    });
  }
  return entries;
}

/** The name OpenSSH looks a host up by: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The entries (not revoked) whose patterns match the host. */
export function entriesForHost(entries: readonly KnownHostEntry[], host: string, port: number): KnownHostEntry[] {
  const name = knownHostsName(host, port);
  return entries.filter((entry) => !entry.revoked && matchesHost(entry.patterns, name));
}

/** Decides whether the key a server presented may be trusted. */
export function judgeHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  presented: Buffer,
): HostKeyVerdict {
  if (entries.some((entry) => entry.revoked && sameKey(entry.key, presented))) return 'revoked';
  const known = entriesForHost(entries, host, port);
  if (known.length === 0) return 'unknown';
  return known.some((entry) => sameKey(entry.key, presented)) ? 'trusted' : 'mismatch';
}

/**
 * The host-key algorithms to offer for the keys known for a host, so the server presents one
 * of them (as OpenSSH's client prefers the algorithms of known keys).
 */
export function hostKeyAlgorithms(known: readonly KnownHostEntry[]): string[] {
  const algorithms = new Set<string>();
  for (const entry of known.filter((candidate) => SUPPORTED_KEY_TYPES.has(candidate.keyType))) {
    if (entry.keyType === 'ssh-rsa')
      for (const name of ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']) algorithms.add(name);
    else algorithms.add(entry.keyType);
  }
  return [...algorithms];
}

/** Host key types the SSH library can verify; others (e.g. security-key types) are left to the default list. */
const SUPPORTED_KEY_TYPES = new Set([
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
]);

function sameKey(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A line matches when one pattern matches and no negated (`!`) pattern does. */
function matchesHost(patterns: readonly string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('|1|')) {
      if (hashedMatches(pattern, name)) matched = true;
    } else if (pattern.startsWith('!')) {
      if (wildcardMatches(pattern.slice(1), name)) return false;
    } else if (wildcardMatches(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** `|1|salt|hash`: HMAC-SHA1 of the host name keyed with the salt, both base64. */
function hashedMatches(pattern: string, name: string): boolean {
  const [, , salt, hash] = pattern.split('|');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** OpenSSH patterns: `*` any run of characters, `?` one character; host names compare case-insensitively. */
function wildcardMatches(pattern: string, name: string): boolean {
  const source = pattern
    .toLowerCase()
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(name.toLowerCase());
}

// HTTP Basic authentication with user levels and lockout after repeated failed logins, per device: of the
// user whose password was wrong, or (DenyAccessOnFailCount) of the address the attempts came from, for
// every user — one mistyped password in an inventory can then shut the management host out.
import { timingSafeEqual } from 'node:crypto';
import type { SimulatorUser, UserLevel } from './types.js';

const RANK: Record<UserLevel, number> = { monitor: 0, admin: 1, 'security-admin': 2 };

export const DEFAULT_USERS: SimulatorUser[] = [{ name: 'Admin', password: 'Admin', level: 'security-admin' }];
export const DEFAULT_LOCKOUT_AFTER = 3;

export type AuthOutcome = { ok: true; user: SimulatorUser } | { ok: false };

export function levelAtLeast(level: UserLevel, required: UserLevel): boolean {
  return RANK[level] >= RANK[required];
}

export class UserStore {
  /** Consecutive failures by user name, or by `ip:<address>`. */
  private readonly failures = new Map<string, number>();
  private readonly locked = new Set<string>();

  constructor(
    private readonly users: SimulatorUser[],
    private readonly lockoutAfter: number,
  ) {}

  /**
   * Checks an Authorization header. Consecutive failures lock out the user (`lockout: 'user'`, and only a
   * known user) or the requesting address (`'ip'`, any failure); once locked even the right password fails.
   */
  authenticate(header: string | undefined, from: { lockout: 'user' | 'ip'; address: string }): AuthOutcome {
    const addressKey = `ip:${from.address}`;
    if (from.lockout === 'ip' && this.locked.has(addressKey)) return { ok: false };
    const credentials = parseBasic(header);
    const user = credentials && this.users.find((candidate) => candidate.name === credentials.name);
    if (from.lockout === 'user' && user && this.locked.has(user.name)) return { ok: false };
    if (!credentials || !user || !samePassword(user.password, credentials.password)) {
      const key = from.lockout === 'ip' ? addressKey : user?.name;
      if (key !== undefined && credentials !== undefined) this.countFailure(key);
      return { ok: false };
    }
    this.failures.delete(from.lockout === 'ip' ? addressKey : user.name);
    return { ok: true, user };
  }

  private countFailure(key: string): void {
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    if (failures >= this.lockoutAfter) this.locked.add(key);
  }

  lockedUsers(): string[] {
    return [...this.locked].sort();
  }

  /** A reboot clears lockouts, as on a device whose lockout lives in memory. */
  clearLockouts(): void {
    this.failures.clear();
    this.locked.clear();
  }
}

function parseBasic(header: string | undefined): { name: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function samePassword(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

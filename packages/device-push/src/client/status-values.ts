// `GET /api/v1/status` as firmware writes it: the 7.4 Status page lists saveNeeded/resetNeeded as "true"/"false"
// strings and highAvailability as "Not Operational"/"Operational"; one public client maps the flags to
// booleans. Both are read; anything else is unknown, and every caller treats unknown as the unsafe answer.
import type { DeviceStatus } from './device-client.js';

/** true/"true" and false/"false" (any case, trimmed); undefined for anything else. */
export function readFlag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return undefined;
}

/** What `highAvailability` says: a standalone device, one address of an HA pair, or something not documented. */
export type HaState = 'standalone' | 'pair' | 'unknown';

/** `highAvailability` read leniently: an undocumented value (or none) is `unknown`, which callers treat as a pair. */
export function readHaState(value: unknown): HaState {
  if (value === undefined) return 'standalone';
  if (typeof value !== 'string') return 'unknown';
  const text = value.trim().toLowerCase();
  if (text === 'not operational') return 'standalone';
  if (text === 'operational') return 'pair';
  return 'unknown';
}

/** The device's clock from `localTimeStamp` (else the answer's Date header); undefined when neither reads as a date. */
export function deviceClock(status: DeviceStatus, dateHeader: string | undefined): Date | undefined {
  for (const text of [status.localTimeStamp, dateHeader]) {
    if (typeof text !== 'string') continue;
    const time = Date.parse(text);
    if (Number.isFinite(time)) return new Date(time);
  }
  return undefined;
}

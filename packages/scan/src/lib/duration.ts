import { InvalidArgumentError } from '@certwright/core';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `90s`, `30m`, `1h`, `7d`, `2w` → milliseconds. @throws InvalidArgumentError naming `field`. */
export function parseDuration(text: string, field: string): number {
  const match = /^(\d+)([smhdw])$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) {
    throw new InvalidArgumentError(
      `${field} "${text}": expected a positive number and a unit (s, m, h, d or w), e.g. 30d`,
      { field },
    );
  }
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** `30d` → 30 (whole days only). */
export function parseDays(text: string, field: string): number {
  const match = /^(\d+)d$/.exec(text.trim());
  if (!match || Number(match[1]) === 0)
    throw new InvalidArgumentError(`${field} "${text}": expected days, e.g. 30d`, { field });
  return Number(match[1]);
}

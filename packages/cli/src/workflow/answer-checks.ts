import { isIP } from 'node:net';
import type { Check } from './ask.js';

/** ISO 3166 two-letter country code, in capitals as X.509 wants it. */
export const countryCode: Check = (answer) =>
  /^[A-Z]{2}$/.test(answer) ? undefined : 'two capital letters, e.g. US, DE, IL';

const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** A DNS host name: labels of letters, digits and hyphens, at most 253 characters; `*.` first allowed. */
export const hostName: Check = (answer) => {
  const name = answer.startsWith('*.') ? answer.slice(2) : answer;
  if (name.length === 0 || name.length > 253 || !name.split('.').every((label) => LABEL.test(label))) {
    return `"${answer}" is not a host name (letters, digits, hyphens and dots, e.g. ovoc.example.com)`;
  }
  if (isIP(name) !== 0) return `"${answer}" is an IP address; give it as an address instead`;
  return undefined;
};

export const ipAddress: Check = (answer) =>
  isIP(answer) === 0 ? `"${answer}" is not an IPv4 or IPv6 address` : undefined;

/** A comma-separated list where each item passes `check`; empty is allowed. */
export function listOf(check: Check): Check {
  return (answer) => {
    for (const item of splitList(answer)) {
      const problem = check(item);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

export function splitList(answer: string): string[] {
  return answer
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export const required: Check = (answer) => (answer.trim() === '' ? 'an answer is needed' : undefined);

/** `host:port`, the address the live TLS check connects to. */
export const hostPort: Check = (answer) => {
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(answer);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) return 'expected host:port, e.g. ovoc.example.com:443';
  const host = (match[1] ?? match[2]) as string;
  return isIP(host) !== 0 ? undefined : hostName(host);
};

export function oneOf(choices: readonly string[]): Check {
  return (answer) => (choices.includes(answer) ? undefined : `one of ${choices.join(', ')}`);
}

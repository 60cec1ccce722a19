import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ProvisionError } from './errors.js';

/** A device the provisioning endpoint answers, by the addresses its requests come from. */
export interface ProvisionTarget {
  name: string;
  addresses: string[];
}

/**
 * The addresses of each device (an IP literal as is, a host name resolved once now), so the endpoint can
 * refuse every other address before it even asks for credentials.
 */
export async function resolveTargets(devices: readonly { name: string; host: string }[]): Promise<ProvisionTarget[]> {
  return Promise.all(
    devices.map(async ({ name, host: given }) => {
      const host = given.startsWith('[') && given.endsWith(']') ? given.slice(1, -1) : given;
      if (isIP(host) !== 0) return { name, addresses: [canonicalAddress(host)] };
      try {
        const found = await lookup(host, { all: true });
        return { name, addresses: found.map((entry) => canonicalAddress(entry.address)) };
      } catch (cause) {
        throw new ProvisionError('ERR_DEVICE_ADDRESS_UNRESOLVED', `${name}: cannot resolve ${host}`, 'host', { cause });
      }
    }),
  );
}

/** One spelling per address: IPv4-mapped IPv6 as IPv4, IPv6 lower-case and compressed as Node prints it. */
export function canonicalAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (isIP(address) === 6) return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  return address;
}

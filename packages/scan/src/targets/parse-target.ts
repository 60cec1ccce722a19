import { InvalidArgumentError } from '@certwright/core';
import type { EndpointRole, EndpointTarget, ScanProtocol } from './types.js';

const SCHEMES: Record<string, { protocol: ScanProtocol; port: number }> = {
  tls: { protocol: 'tls', port: 443 },
  https: { protocol: 'tls', port: 443 },
  ldaps: { protocol: 'tls', port: 636 },
  ldap: { protocol: 'ldap-starttls', port: 389 },
  mssql: { protocol: 'mssql', port: 1433 },
};

/**
 * `[scheme://]host[:port]` → an endpoint. Schemes: `tls` (default) and its aliases `https` and
 * `ldaps`; `ldap` (StartTLS, port 389); `mssql` (TDS pre-login, port 1433). `[v6]` for IPv6.
 * @throws InvalidArgumentError naming the text.
 */
export function parseTarget(text: string, names: readonly string[] = []): EndpointTarget {
  const match = /^(?:([a-z]+):\/\/)?(?:\[([0-9a-fA-F:.]+)\]|([^:/\s[\]]+))(?::(\d{1,5}))?\/?$/.exec(text.trim());
  const scheme = match?.[1] ?? 'tls';
  const defaults = SCHEMES[scheme];
  if (!match || defaults === undefined) {
    throw new InvalidArgumentError(
      `target "${text}": expected [scheme://]host[:port] with scheme tls, https, ldaps, ldap (StartTLS) or mssql`,
      { field: 'target' },
    );
  }
  const port = match[4] === undefined ? defaults.port : Number(match[4]);
  if (port < 1 || port > 65535)
    throw new InvalidArgumentError(`target "${text}": port ${port} is out of range`, { field: 'target' });
  return { kind: 'endpoint', host: (match[2] ?? match[3]) as string, port, protocol: defaults.protocol, names };
}

function endpoint(
  host: string,
  port: number,
  protocol: ScanProtocol,
  role: EndpointRole,
  names: readonly string[],
): EndpointTarget {
  return { kind: 'endpoint', host, port, protocol, role, names };
}

/** OVOC's TLS ports from the security guidelines: 443 (web and device REST), 5001 (QoE), 8082 (REST updates). */
export function ovocTargets(host: string, names: readonly string[] = []): EndpointTarget[] {
  return [
    endpoint(host, 443, 'tls', 'ovoc-https', names),
    endpoint(host, 5001, 'tls', 'ovoc-qoe', names),
    endpoint(host, 8082, 'tls', 'ovoc-rest-updates', names),
  ];
}

/** A directory server: LDAP over SSL on 636 and StartTLS on 389. */
export function ldapTargets(host: string, names: readonly string[] = []): EndpointTarget[] {
  return [endpoint(host, 636, 'tls', 'ldaps', names), endpoint(host, 389, 'ldap-starttls', 'ldap-starttls', names)];
}

/** OVOC's MS-SQL server on 1433 (TLS inside TDS pre-login). */
export function sqlTargets(host: string, names: readonly string[] = []): EndpointTarget[] {
  return [endpoint(host, 1433, 'mssql', 'mssql', names)];
}

/** `host` with an optional `:port` (defaulting to `port`), as --ovoc/--ldap/--sql take it: only the host is used. */
export function hostOnly(text: string, flag: string): string {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:/\s[\]]+))$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError(`${flag} "${text}": expected a host name or address`, { field: flag });
  return (match[1] ?? match[2]) as string;
}

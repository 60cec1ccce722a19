import { isIP } from 'node:net';
import { parseSubjectAltName, type SubjectAltName } from '@certwright/core';

/**
 * The names a device's certificate must carry so clients that connect to it by its inventory host can
 * verify it: the host (an IP address SAN, or a DNS name SAN), plus the CSR's common name when that is a
 * host name or address too (devices put their host name there; RFC 6125 clients ignore the CN).
 */
export function deviceNames(host: string, commonName?: string): SubjectAltName[] {
  const names: SubjectAltName[] = [asName(host, 'host')];
  if (commonName !== undefined && commonName !== '') {
    const fromCn = tryName(commonName);
    if (fromCn !== undefined && !names.some((name) => sameName(name, fromCn))) names.push(fromCn);
  }
  return names;
}

function asName(text: string, field: string): SubjectAltName {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return parseSubjectAltName(`${isIP(bare) === 0 ? 'dns' : 'ip'}:${bare}`, field);
}

function tryName(text: string): SubjectAltName | undefined {
  try {
    return asName(text, 'cn');
  } catch {
    return undefined;
  }
}

function sameName(a: SubjectAltName, b: SubjectAltName): boolean {
  return a.type === b.type && a.value.toLowerCase() === b.value.toLowerCase();
}

import type { SubjectAltName } from '@certwright/core';

/** A SAN as OpenSSL prints it: `DNS:host`, `IP Address:10.0.0.1`, `email:…`, `URI:…`. */
export function sanText(san: SubjectAltName): string {
  const prefix = { dns: 'DNS', ip: 'IP', email: 'email', uri: 'URI' }[san.type];
  return `${prefix}:${san.value}`;
}

import { aliasFromCertificate } from '../jks/alias.js';

/**
 * The alias trust stores and keystores give a certificate when none is chosen: its subject
 * common name, lower-cased as Java lower-cases aliases ("certificate" when it has no CN).
 */
export function defaultAlias(certificate: Uint8Array): string {
  return aliasFromCertificate(certificate, 'certificate');
}

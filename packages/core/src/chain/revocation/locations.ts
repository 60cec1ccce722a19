/** Where a certificate's revocation status is published: CRL distribution points and OCSP responders (AIA). */
import { readOid } from '../../asn1/der.js';
import { readRaw, readRawChildren } from '../../asn1/der-primitives.js';
import type { ParsedCertificate } from '../../x509/certificate.js';
import { EXT_AUTHORITY_INFO_ACCESS } from '../../x509/extensions.js';
import { distributionPointsOf } from './distribution-points.js';

const ID_AD_OCSP = '1.3.6.1.5.5.7.48.1';

/** The CRL URLs (distribution point fullName URIs) and OCSP responder URLs of a certificate. */
export function revocationLocations(certificate: ParsedCertificate): { crls: string[]; ocsp: string[] } {
  const crls = new Set<string>();
  for (const point of distributionPointsOf(certificate) ?? []) {
    if (point.name === undefined || !('full' in point.name)) continue;
    for (const key of point.name.full) if (key.startsWith('uri:')) crls.add(key.slice(4));
  }
  return { crls: [...crls], ocsp: ocspUrls(certificate) };
}

// AuthorityInfoAccessSyntax ::= SEQUENCE OF AccessDescription { accessMethod OID, accessLocation GeneralName }
function ocspUrls(certificate: ParsedCertificate): string[] {
  const value = certificate.extensions.get(EXT_AUTHORITY_INFO_ACCESS)?.value;
  if (value === undefined) return [];
  try {
    const urls: string[] = [];
    for (const description of readRawChildren(readRaw(value))) {
      const [method, location] = readRawChildren(description);
      if (readOid(method) === ID_AD_OCSP && location?.tag === 0x86) {
        urls.push(Buffer.from(location.content).toString('latin1'));
      }
    }
    return urls;
  } catch {
    return [];
  }
}

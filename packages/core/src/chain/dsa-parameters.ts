/**
 * DSA parameter inheritance (RFC 3279 §2.3.2, RFC 5280 §6.1.4 (f)): a DSA subject public key whose
 * AlgorithmIdentifier omits the domain parameters takes them from the issuer's key. Node cannot
 * import such a key alone, so the certificate is given a copy of its SubjectPublicKeyInfo with the
 * inherited parameters written in, for every use of its key (signatures of certificates and CRLs).
 */
import { encodeSequence } from '../asn1/der.js';
import { readRaw, readRawChildren } from '../asn1/der-primitives.js';
import type { ParsedCertificate } from '../x509/certificate.js';

const ID_DSA = '1.2.840.10040.4.1';

const completed = new WeakMap<ParsedCertificate, Map<string, ParsedCertificate>>();

/** The path (leaf first) with every parameterless DSA key completed from the certificate above it. */
export function withInheritedDsaParameters(path: readonly ParsedCertificate[]): ParsedCertificate[] {
  const result = [...path];
  for (let index = result.length - 2; index >= 0; index--) {
    const certificate = result[index] as ParsedCertificate;
    if (certificate.spkiAlgorithm !== ID_DSA) continue;
    const own = spkiParts(certificate.spki);
    if (own === undefined || own.parameters !== undefined) continue;
    const issuer = result[index + 1] as ParsedCertificate;
    const inherited = issuer.spkiAlgorithm === ID_DSA ? spkiParts(issuer.spki)?.parameters : undefined;
    if (inherited === undefined) continue;
    result[index] = completedCopy(certificate, issuer, () =>
      encodeSequence(encodeSequence(own.algorithmOid, inherited), own.publicKey),
    );
  }
  return result;
}

function completedCopy(
  certificate: ParsedCertificate,
  issuer: ParsedCertificate,
  spki: () => Uint8Array,
): ParsedCertificate {
  let byIssuer = completed.get(certificate);
  if (byIssuer === undefined) {
    byIssuer = new Map();
    completed.set(certificate, byIssuer);
  }
  let copy = byIssuer.get(issuer.id);
  if (copy === undefined) {
    copy = { ...certificate, spki: spki() };
    byIssuer.set(issuer.id, copy);
  }
  return copy;
}

// SubjectPublicKeyInfo ::= SEQUENCE { algorithm SEQUENCE { OID, parameters ANY OPTIONAL }, BIT STRING }.
// A NULL counts as absent, as some encoders write it.
function spkiParts(
  spki: Uint8Array,
): { algorithmOid: Uint8Array; parameters: Uint8Array | undefined; publicKey: Uint8Array } | undefined {
  try {
    const [algorithm, publicKey] = readRawChildren(readRaw(spki));
    if (algorithm === undefined || publicKey === undefined) return undefined;
    const [oid, parameters] = readRawChildren(algorithm);
    if (oid === undefined) return undefined;
    const present = parameters !== undefined && parameters.tag !== 0x05 ? parameters.raw : undefined;
    return { algorithmOid: oid.raw, parameters: present, publicKey: publicKey.raw };
  } catch {
    return undefined;
  }
}

import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeSequence } from '../src/asn1/der.js';
import { readRaw, readRawChildren } from '../src/asn1/der-primitives.js';
import { withInheritedDsaParameters } from '../src/chain/dsa-parameters.js';
import type { ParsedCertificate } from '../src/x509/certificate.js';

// RFC 3279 §2.3.2: "If the DSA domain parameters are omitted from the SubjectPublicKeyInfo
// AlgorithmIdentifier … the parameters are inherited from the issuer's certificate."
const ID_DSA = '1.2.840.10040.4.1';
const { publicKey } = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
const fullSpki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));

// The same key with the domain parameters left out of its AlgorithmIdentifier.
function withoutParameters(spki: Uint8Array): Uint8Array {
  const [algorithm, key] = readRawChildren(readRaw(spki));
  const [oid] = readRawChildren(algorithm as never);
  return encodeSequence(encodeSequence((oid as { raw: Uint8Array }).raw), (key as { raw: Uint8Array }).raw);
}

function certificate(id: string, spki: Uint8Array, algorithm = ID_DSA): ParsedCertificate {
  return { id, spki, spkiAlgorithm: algorithm } as unknown as ParsedCertificate;
}

describe('DSA parameter inheritance', () => {
  it('gives a parameterless DSA key its issuer’s parameters, so that the key can be used', () => {
    const bare = withoutParameters(fullSpki);
    expect(() => createPublicKey({ key: Buffer.from(bare), format: 'der', type: 'spki' })).toThrow();
    const [completed, issuer] = withInheritedDsaParameters([certificate('ca', bare), certificate('root', fullSpki)]);
    expect(issuer?.spki).toBe(fullSpki);
    expect(Buffer.from(completed?.spki ?? []).equals(Buffer.from(fullSpki))).toBe(true);
    expect(
      createPublicKey({ key: Buffer.from(completed?.spki ?? []), format: 'der', type: 'spki' }).asymmetricKeyType,
    ).toBe('dsa');
  });

  it('inherits through several parameterless certificates, from the nearest one that has them', () => {
    const bare = withoutParameters(fullSpki);
    const path = withInheritedDsaParameters([
      certificate('leaf', bare),
      certificate('ca', bare),
      certificate('root', fullSpki),
    ]);
    expect(path.map((entry) => Buffer.from(entry.spki).equals(Buffer.from(fullSpki)))).toEqual([true, true, true]);
  });

  it('leaves keys alone that have parameters, are not DSA, or whose issuer has no DSA parameters to give', () => {
    const bare = withoutParameters(fullSpki);
    const rsaIssuer = certificate('rsa-root', new Uint8Array([0x30, 0x00]), '1.2.840.113549.1.1.1');
    const path = [certificate('full', fullSpki), certificate('bare', bare), rsaIssuer];
    const result = withInheritedDsaParameters(path);
    expect(result[0]).toBe(path[0]);
    expect(result[1]).toBe(path[1]);
    expect(result[2]).toBe(path[2]);
  });
});

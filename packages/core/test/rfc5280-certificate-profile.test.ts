// RFC 5280 §4.1 (the certificate's structure) and the general rules of §4.2, read as a relying party
// reads them. Each certificate is built by hand (test/x509-hand-built.ts) to break, or keep, exactly
// one rule; its signature verifies unless the rule is about the signature. docs/conformance.md
// ("Certificate and PEM reading, by RFC section") lists each rule with our behaviour and these tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBitString, encodeElement, encodeOid, encodeSequence } from '../src/asn1/der.js';
import { CertificateError, ChainError, type ChainProfile, parseCertificate, validateChain } from '../src/index.js';
import { parseCertificateDer } from '../src/x509/certificate.js';
import {
  authorityKeyId,
  basicConstraintsCa,
  buildLeaf,
  buildRoot,
  dnsSan,
  ECDSA_SHA256,
  ED25519,
  extension,
  generalizedTime,
  keyUsageCa,
  keyUsageLeaf,
  name,
  type Signer,
  signer,
  subjectKeyId,
  utcTime,
} from './x509-hand-built.js';

const AT = new Date('2030-01-01T00:00:00Z');
let ca: Signer;
let root: Uint8Array;

beforeAll(() => {
  ca = signer('RFC 5280 Test Root');
  root = buildRoot(ca);
});

/** The problem codes validateChain reports for `leaf` under `root` (default: the rfc5280 profile). */
function codes(leaf: Uint8Array, profile: ChainProfile = 'rfc5280', anchor = root): string[] {
  return validateChain({ leaf, trustAnchors: [anchor], at: AT, profile, purpose: 'any' }).problems.map(
    (problem) => problem.code,
  );
}

/** The problem messages, to tell which rule a code stands for. */
function messages(leaf: Uint8Array, profile: ChainProfile = 'rfc5280'): string[] {
  return validateChain({ leaf, trustAnchors: [root], at: AT, profile, purpose: 'any' }).problems.map(
    (problem) => problem.message,
  );
}

/** The error parseCertificate throws for `der`, which must be a CertificateError ERR_CERT_INVALID. */
async function refusal(der: Uint8Array): Promise<string> {
  const error = await parseCertificate(der, { source: 'leaf.der' }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CertificateError);
  expect((error as CertificateError).code).toBe('ERR_CERT_INVALID');
  const message = (error as Error).message;
  expect(message.startsWith('leaf.der: ')).toBe(true);
  expect(message).not.toContain('\n');
  return message;
}

/** validateChain refuses an unreadable leaf with ChainError ERR_CHAIN_MALFORMED. */
function chainRefuses(leaf: Uint8Array): void {
  expect(() => codes(leaf)).toThrow(ChainError);
}

const withExtensions = (...extensions: Uint8Array[]) => ({
  extensions: [authorityKeyId(ca.keyId), keyUsageLeaf(), ...extensions],
});

describe('§4.1.1.1 tbsCertificate', () => {
  it('a well-formed certificate is accepted under every profile (the baseline every other test changes)', () => {
    const leaf = buildLeaf(ca);
    expect(codes(leaf, 'rfc5280')).toEqual([]);
    expect(codes(leaf, 'strict')).toEqual([]);
    expect(parseCertificateDer(leaf).defects).toEqual([]);
  });

  it('"the signature is calculated over the DER-encoded tbsCertificate": one changed byte fails the signature', () => {
    // The subject's last character (leaf.example.coM): still well formed, no longer what was signed.
    const tampered = buildLeaf(ca, {
      tamper: (tbs) => {
        const copy = tbs.slice();
        const at = Buffer.from(copy).indexOf('leaf.example.com') + 15;
        copy[at] = 'M'.charCodeAt(0);
        return copy;
      },
    });
    expect(parseCertificateDer(tampered).defects).toEqual([]);
    expect(codes(tampered)).toEqual(['ERR_CHAIN_BAD_SIGNATURE']);
  });

  it('"Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }": a fourth field is refused', async () => {
    const leaf = buildLeaf(ca);
    const content = leaf.subarray(leaf[1] === 0x82 ? 4 : 3);
    const fourFields = encodeSequence(content, encodeElement(0x05, new Uint8Array()));
    expect(await refusal(fourFields)).toContain('not a valid X.509 certificate');
    chainRefuses(fourFields);
  });

  it('"TBSCertificate ::= SEQUENCE { … extensions [3] }": a field after the extensions is refused', async () => {
    const leaf = buildLeaf(ca, { trailingTbsFields: [encodeElement(0xa4, encodeElement(0x05, new Uint8Array()))] });
    expect(await refusal(leaf)).toContain('unexpected field in tbsCertificate');
  });
});

describe('§4.1.1.2 signatureAlgorithm', () => {
  it('"MUST contain the same algorithm identifier as the signature field in the sequence tbsCertificate": another OID is refused', () => {
    // Signed with Ed25519 as the outer field says; only the inner field names ECDSA.
    const leaf = buildLeaf(ca, { innerAlgorithm: ECDSA_SHA256 });
    expect(parseCertificateDer(leaf).defects).toEqual([
      'the signature algorithm inside and outside tbsCertificate differ',
    ]);
    expect(codes(leaf, 'rfc5280')).toEqual(['ERR_CHAIN_MALFORMED']);
    expect(codes(leaf, 'strict')).toEqual(['ERR_CHAIN_MALFORMED']);
  });

  it('"the same algorithm identifier" includes the parameters: the same OID with NULL parameters inside is refused', () => {
    const leaf = buildLeaf(ca, { innerAlgorithm: encodeSequence(encodeOid('1.3.101.112'), Uint8Array.of(0x05, 0)) });
    expect(codes(leaf)).toEqual(['ERR_CHAIN_MALFORMED']);
  });
});

describe('§4.1.1.3 signatureValue', () => {
  it('"the digital signature computed upon the ASN.1 DER encoded tbsCertificate": a flipped signature bit fails', () => {
    const leaf = buildLeaf(ca, {
      signatureValue: (signature) => {
        const copy = signature.slice();
        copy[10] = (copy[10] as number) ^ 0x01;
        return encodeBitString(copy);
      },
    });
    expect(codes(leaf)).toEqual(['ERR_CHAIN_BAD_SIGNATURE']);
  });

  it('"encoded as a BIT STRING": a BIT STRING claiming unused bits is refused', () => {
    // Same signature bytes; the last byte's low bit is declared unused, so the value is not whole octets.
    const leaf = buildLeaf(ca, { signatureValue: (signature) => encodeBitString(signature, 1) });
    expect(parseCertificateDer(leaf).defects).toEqual(['signatureValue BIT STRING has unused bits']);
    expect(codes(leaf)).toContain('ERR_CHAIN_MALFORMED');
  });

  it('"encoded as a BIT STRING": an OCTET STRING in its place is refused', async () => {
    const leaf = buildLeaf(ca, { signatureValue: (signature) => encodeElement(0x04, signature) });
    expect(await refusal(leaf)).toContain('BIT STRING');
    chainRefuses(leaf);
  });
});

describe('§4.1.2.1 version', () => {
  it('"When extensions are used, as expected in this profile, version MUST be 3": v3 with extensions is read as version 3', async () => {
    const info = await parseCertificate(buildLeaf(ca));
    expect(parseCertificateDer(info.der).version).toBe(3);
  });

  it('"If only basic fields are present, the version SHOULD be 1": a v1 certificate without extensions is read', () => {
    const leaf = buildLeaf(ca, { version: 'absent', extensions: undefined });
    const parsed = parseCertificateDer(leaf);
    expect(parsed.version).toBe(1);
    expect(parsed.defects).toEqual([]);
    expect(codes(leaf)).toEqual([]);
  });

  it('"extensions … MUST only appear if the version is 3": v1 and v2 certificates with extensions are refused', () => {
    for (const version of ['absent', 2] as const) {
      const leaf = buildLeaf(ca, { version });
      expect(parseCertificateDer(leaf).defects).toEqual(['extensions in a certificate that is not version 3']);
      expect(codes(leaf)).toEqual(['ERR_CHAIN_MALFORMED']);
    }
  });

  it('"version [0] EXPLICIT Version DEFAULT v1": v1 written out is not DER (a DEFAULT value is omitted)', () => {
    const leaf = buildLeaf(ca, { version: 1, extensions: undefined });
    expect(parseCertificateDer(leaf).defects).toEqual(['version v1 encoded explicitly (not DER)']);
    expect(codes(leaf)).toEqual(['ERR_CHAIN_MALFORMED']);
  });

  it('"Version ::= INTEGER { v1(0), v2(1), v3(2) }": an unknown version (v4) or a malformed one is refused', async () => {
    expect(await refusal(buildLeaf(ca, { version: 4 }))).toContain('unknown certificate version');
    const negative = encodeElement(0xa0, encodeElement(0x02, Uint8Array.of(0xff)));
    expect(await refusal(buildLeaf(ca, { version: negative }))).toContain('unknown certificate version');
    const huge = encodeElement(0xa0, encodeElement(0x02, Uint8Array.of(0x01, 0x02)));
    expect(await refusal(buildLeaf(ca, { version: huge }))).toContain('unknown certificate version');
  });
});

describe('§4.1.2.2 serialNumber', () => {
  const twentyOctets = Uint8Array.from([0x00, 0x80, ...new Array(19).fill(0x11)]);
  const twentyOneOctets = Uint8Array.from([0x01, ...new Array(20).fill(0x11)]);

  it('"Certificate users MUST be able to handle serialNumber values up to 20 octets": 20 octets with the top bit set are accepted', async () => {
    // 21 content bytes: DER's sign octet is not part of the value.
    const leaf = buildLeaf(ca, { serial: twentyOctets });
    expect((await parseCertificate(leaf)).serialNumber).toBe(`80${'11'.repeat(19)}`);
    expect(codes(leaf, 'strict')).toEqual([]);
  });

  it('"Conforming CAs MUST NOT use serialNumber values longer than 20 octets": refused under strict, read under rfc5280', async () => {
    const leaf = buildLeaf(ca, { serial: twentyOneOctets });
    expect((await parseCertificate(leaf)).serialNumber).toBe(`01${'11'.repeat(20)}`);
    expect(parseCertificateDer(leaf).serialDefects).toEqual(['serial number longer than 20 octets']);
    expect(codes(leaf, 'strict')).toEqual(['ERR_CHAIN_MALFORMED']);
    expect(codes(leaf, 'rfc5280')).toEqual([]);
  });

  it('"MUST be a positive integer", yet users "SHOULD gracefully handle" negative and zero serials: refused under strict, read under rfc5280', async () => {
    for (const [serial, defect] of [
      [Uint8Array.of(0xff, 0x01), 'negative serial number'],
      [Uint8Array.of(0x00), 'serial number zero'],
    ] as const) {
      const leaf = buildLeaf(ca, { serial });
      expect(parseCertificateDer(leaf).serialDefects).toEqual([defect]);
      expect(codes(leaf, 'strict')).toEqual(['ERR_CHAIN_MALFORMED']);
      expect(codes(leaf, 'rfc5280')).toEqual([]);
      // Shown as the DER content in hex, as OpenSSL prints it: a negative serial is not made positive.
      expect((await parseCertificate(leaf)).serialNumber).toBe(serial[0] === 0 ? '00' : 'ff01');
    }
  });

  it('a trust anchor with a negative serial is trusted as given, even under strict', () => {
    const anchor = buildRoot(ca, { serial: Uint8Array.of(0xfe) });
    expect(codes(buildLeaf(ca), 'strict', anchor)).toEqual([]);
  });

  it('"CertificateSerialNumber ::= INTEGER" in DER: a needless leading zero octet is refused (not DER) under every profile', () => {
    const leaf = buildLeaf(ca, { serial: Uint8Array.of(0x00, 0x01) });
    expect(parseCertificateDer(leaf).defects).toEqual(['serial number not minimally encoded (not DER)']);
    expect(codes(leaf, 'rfc5280')).toEqual(['ERR_CHAIN_MALFORMED']);
  });

  it('an empty INTEGER is no serial number at all: refused', async () => {
    expect(await refusal(buildLeaf(ca, { serial: new Uint8Array() }))).toContain('empty serial number');
  });
});

describe('§4.1.2.4 issuer (and the Name type it shares with subject)', () => {
  it('"The issuer field MUST contain a non-empty distinguished name (DN)": an empty issuer is refused', () => {
    // A root whose own name is empty issues it, so the path is built and only the rule is broken.
    const nameless = { ...ca, name: name() };
    const anchor = buildRoot(nameless);
    const leaf = buildLeaf(nameless);
    expect(parseCertificateDer(leaf).issuer.rdnKeys).toEqual([]);
    const result = validateChain({ leaf, trustAnchors: [anchor], at: AT, profile: 'rfc5280', purpose: 'any' });
    expect(
      result.problems.filter((problem) => problem.certificateIndex === 0).map((problem) => problem.message),
    ).toEqual(['leaf has an empty issuer']);
  });

  it('"Name ::= CHOICE { rdnSequence RDNSequence }" with DirectoryString values: a BMPString of odd length or a UniversalString beyond U+10FFFF is refused as malformed', async () => {
    const withValue = (tag: number, content: Uint8Array) =>
      encodeSequence(encodeElement(0x31, encodeSequence(encodeOid('2.5.4.3'), encodeElement(tag, content))));
    const bmp = await refusal(buildLeaf(ca, { subject: withValue(0x1e, Uint8Array.of(0, 0x41, 0)) }));
    expect(bmp).toContain('malformed BMPString');
    const universal = await refusal(buildLeaf(ca, { subject: withValue(0x1c, Uint8Array.of(0, 0x11, 0, 0)) }));
    expect(universal).toContain('malformed UniversalString');
    const readable = await parseCertificate(
      buildLeaf(ca, { subject: withValue(0x1e, Uint8Array.of(0, 0x41, 0, 0x42)) }),
    );
    expect(readable.subjectText).toBe('CN=AB');
  });
});

describe('§4.1.2.5 validity', () => {
  it('§4.1.2.5.1 "UTCTime values MUST be expressed in Greenwich Mean Time (Zulu) and MUST include seconds (YYMMDDHHMMSSZ)"', async () => {
    const info = await parseCertificate(buildLeaf(ca, { notBefore: utcTime('250102030405Z') }));
    expect(info.notBefore.toISOString()).toBe('2025-01-02T03:04:05.000Z');
    for (const text of ['2501020304Z', '250102030405+0100', '250102030405']) {
      expect(await refusal(buildLeaf(ca, { notBefore: utcTime(text) }))).toContain('malformed UTCTime');
    }
  });

  it('§4.1.2.5.1 "Where YY is greater than or equal to 50, the year SHALL be interpreted as 19YY; … less than 50 … 20YY"', async () => {
    const leaf = buildLeaf(ca, { notBefore: utcTime('500101000000Z'), notAfter: utcTime('491231235959Z') });
    const info = await parseCertificate(leaf);
    expect(info.notBefore.toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(info.notAfter.toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(codes(leaf)).toEqual([]);
  });

  it('§4.1.2.5.2 "GeneralizedTime values MUST be expressed in Greenwich Mean Time (Zulu) and MUST include seconds"', async () => {
    const leaf = buildLeaf(ca, { notAfter: generalizedTime('20500101000000Z') });
    expect((await parseCertificate(leaf)).notAfter.toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(codes(leaf)).toEqual([]);
    for (const text of ['205001010000Z', '20500101000000+0000', '20500101000000']) {
      expect(await refusal(buildLeaf(ca, { notAfter: generalizedTime(text) }))).toContain('malformed GeneralizedTime');
    }
  });

  it('§4.1.2.5.2 "GeneralizedTime values MUST NOT include fractional seconds"', async () => {
    for (const text of ['20500101000000.5Z', '20500101000000.000Z']) {
      expect(await refusal(buildLeaf(ca, { notAfter: generalizedTime(text) }))).toContain('malformed GeneralizedTime');
    }
  });

  it('a date that is not in the calendar (30 February, 31 April, 29 February 2025) is refused, not rolled over', async () => {
    for (const text of ['250230000000Z', '250431000000Z', '250229000000Z']) {
      expect(await refusal(buildLeaf(ca, { notBefore: utcTime(text) }))).toContain('time out of range');
    }
    // 2024 is a leap year; 2000 is one too (divisible by 400); 2100 is not.
    expect(
      (await parseCertificate(buildLeaf(ca, { notBefore: utcTime('240229000000Z') }))).notBefore.getUTCDate(),
    ).toBe(29);
    expect(
      (await parseCertificate(buildLeaf(ca, { notBefore: generalizedTime('20000229000000Z') }))).notBefore.getUTCDate(),
    ).toBe(29);
    expect(await refusal(buildLeaf(ca, { notAfter: generalizedTime('21000229000000Z') }))).toContain(
      'time out of range',
    );
  });

  it('§4.1.2.5.2 a four-digit year is the year itself: GeneralizedTime 0048 is year 48, not 1948', async () => {
    const leaf = buildLeaf(ca, { notBefore: generalizedTime('00480229000000Z') });
    expect((await parseCertificate(leaf)).notBefore.toISOString()).toBe('0048-02-29T00:00:00.000Z');
    // Year 1900 is not a leap year, year 0 is (divisible by 400).
    expect(
      (
        await parseCertificate(buildLeaf(ca, { notBefore: generalizedTime('00000229000000Z') }))
      ).notBefore.getUTCFullYear(),
    ).toBe(0);
    expect(await refusal(buildLeaf(ca, { notBefore: generalizedTime('19000229000000Z') }))).toContain(
      'time out of range',
    );
  });

  it('"99991231235959Z" means "no well-defined expiration date": accepted and read as the end of year 9999', async () => {
    const leaf = buildLeaf(ca, { notAfter: generalizedTime('99991231235959Z') });
    expect((await parseCertificate(leaf)).notAfter.toISOString()).toBe('9999-12-31T23:59:59.000Z');
    expect(codes(leaf)).toEqual([]);
  });

  it('"the validity period … is the period of time from notBefore through notAfter, inclusive": both ends count', () => {
    const leaf = buildLeaf(ca, { notBefore: utcTime('300101000000Z'), notAfter: utcTime('300101000000Z') });
    expect(codes(leaf)).toEqual([]);
    const later = validateChain({
      leaf,
      trustAnchors: [root],
      at: new Date('2030-01-01T00:00:01Z'),
      purpose: 'any',
      profile: 'rfc5280',
    });
    expect(later.problems.map((problem) => problem.code)).toEqual(['ERR_CHAIN_EXPIRED']);
  });

  it('dates through 2049 written as GeneralizedTime (a CA rule, "MUST encode … as UTCTime") are read by their value', async () => {
    // A relying party reads the date either way; see docs/conformance.md for why this is not refused.
    const leaf = buildLeaf(ca, { notAfter: generalizedTime('20350101000000Z') });
    expect((await parseCertificate(leaf)).notAfter.toISOString()).toBe('2035-01-01T00:00:00.000Z');
    expect(codes(leaf)).toEqual([]);
  });
});

describe('§4.1.2.6 subject', () => {
  const emptySubject = (sanCritical: boolean) =>
    buildLeaf(ca, {
      subject: name(),
      extensions: [authorityKeyId(ca.keyId), keyUsageLeaf(), dnsSan('leaf.example.com', sanCritical)],
    });

  it('"If the subject field contains an empty sequence, then the issuing CA MUST include a subjectAltName extension that is marked as critical": kept', () => {
    expect(codes(emptySubject(true), 'strict')).toEqual([]);
  });

  it('an empty subject with a non-critical subjectAltName breaks the CA rule: refused under strict, read under rfc5280', () => {
    expect(codes(emptySubject(false), 'strict')).toEqual(['ERR_CHAIN_INVALID_EXTENSION']);
    expect(codes(emptySubject(false), 'rfc5280')).toEqual([]);
  });

  it('an empty subject with no subjectAltName at all names nobody and breaks the same rule: refused under strict', () => {
    const nameless = buildLeaf(ca, { subject: name(), extensions: [authorityKeyId(ca.keyId), keyUsageLeaf()] });
    expect(codes(nameless, 'strict')).toEqual(['ERR_CHAIN_INVALID_EXTENSION']);
    expect(codes(nameless, 'rfc5280')).toEqual([]);
  });
});

describe('§4.1.2.6 subject of a CA', () => {
  it('"If the subject is a CA or CRL issuer … the subject field MUST be populated with a non-empty distinguished name": refused', () => {
    const nameless = signer('unused');
    const intermediate = buildLeaf(ca, {
      subject: name(),
      spki: nameless.spki,
      extensions: [authorityKeyId(ca.keyId), basicConstraintsCa(), keyUsageCa(), subjectKeyId(nameless.keyId)],
    });
    const leaf = buildLeaf({ ...nameless, name: name() });
    const result = validateChain({
      leaf,
      intermediates: [intermediate],
      trustAnchors: [root],
      at: AT,
      profile: 'rfc5280',
      purpose: 'any',
    });
    expect(result.problems.filter((problem) => problem.certificateIndex === 1)).toEqual([
      { code: 'ERR_CHAIN_MALFORMED', certificateIndex: 1, message: 'intermediate 1 has an empty subject' },
    ]);
  });
});

describe('§4.1.2.7 subjectPublicKeyInfo', () => {
  it('"SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }": read', async () => {
    const info = await parseCertificate(buildLeaf(ca));
    expect(info.publicKey.type).toBe('ed25519');
    expect(parseCertificateDer(info.der).spkiAlgorithm).toBe('1.3.101.112');
  });

  it('a well-formed SPKI of an algorithm Node cannot read: validation is unaffected, parseCertificate names the algorithm', async () => {
    // The relying party checks the leaf's signature with the issuer's key, never the leaf's own.
    const spki = encodeSequence(encodeSequence(encodeOid('1.2.3.4')), encodeBitString(Uint8Array.of(1, 2, 3)));
    const leaf = buildLeaf(ca, { spki });
    expect(codes(leaf)).toEqual([]);
    expect(await refusal(leaf)).toBe(
      'leaf.der: not a valid X.509 certificate (the public key (algorithm 1.2.3.4) cannot be read)',
    );
  });

  it('an SPKI without its BIT STRING, with a second AlgorithmIdentifier or with a trailing element is refused', async () => {
    const key = signer('spki');
    const bits = key.spki.subarray(key.spki.length - 35); // BIT STRING: 03 21 00 and 32 key bytes
    for (const spki of [
      encodeSequence(ED25519),
      encodeSequence(ED25519, ED25519),
      encodeSequence(ED25519, bits, encodeElement(0x05, new Uint8Array())),
      encodeSequence(bits, ED25519),
    ]) {
      expect(await refusal(buildLeaf(ca, { spki }))).toContain('malformed subjectPublicKeyInfo');
    }
  });
});

describe('§4.1.2.8 issuerUniqueID and subjectUniqueID', () => {
  const id = encodeBitString(Uint8Array.of(0x12, 0x34)).subarray(2);

  it('"Applications conforming to this profile SHOULD be capable of parsing certificates that include unique identifiers": v2 and v3 are read', () => {
    const v3 = buildLeaf(ca, { issuerUniqueId: id, subjectUniqueId: id });
    expect(parseCertificateDer(v3).defects).toEqual([]);
    expect(codes(v3)).toEqual([]);
    const v2 = buildLeaf(ca, { version: 2, issuerUniqueId: id, extensions: undefined });
    expect(parseCertificateDer(v2).defects).toEqual([]);
    expect(codes(v2)).toEqual([]);
  });

  it('"These fields MUST only appear if the version is 2 or 3": in a v1 certificate they are refused', () => {
    const leaf = buildLeaf(ca, { version: 'absent', subjectUniqueId: id, extensions: undefined });
    expect(parseCertificateDer(leaf).defects).toEqual(['unique identifiers in a version 1 certificate']);
    expect(codes(leaf)).toEqual(['ERR_CHAIN_MALFORMED']);
  });

  it('the fields come in their ASN.1 order, each at most once: out of order or repeated is refused', async () => {
    const subjectFirst = encodeElement(0x82, id);
    const issuerAfter = encodeElement(0x81, id);
    const outOfOrder = buildLeaf(ca, { extensions: undefined, trailingTbsFields: [subjectFirst, issuerAfter] });
    expect(await refusal(outOfOrder)).toContain('unexpected field in tbsCertificate');
    const twice = buildLeaf(ca, { extensions: undefined, trailingTbsFields: [issuerAfter, issuerAfter] });
    expect(await refusal(twice)).toContain('unexpected field in tbsCertificate');
    const extensionsFirst = buildLeaf(ca, { trailingTbsFields: [subjectFirst] });
    expect(await refusal(extensionsFirst)).toContain('unexpected field in tbsCertificate');
  });
});

describe('§4.1.2.9 extensions', () => {
  it('"Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension": an empty extensions field is refused', () => {
    const leaf = buildLeaf(ca, { extensions: [] });
    expect(parseCertificateDer(leaf).defects).toEqual(['empty extensions']);
    expect(codes(leaf)).toEqual(['ERR_CHAIN_MALFORMED']);
  });

  it('"critical BOOLEAN DEFAULT FALSE": FALSE written out is not DER and is refused', () => {
    const leaf = buildLeaf(ca, withExtensions(extension('2.5.29.17', dnsSanValue(), 'explicit-false')));
    expect(parseCertificateDer(leaf).defects).toEqual(['extension 2.5.29.17 encodes critical FALSE (not DER)']);
    expect(codes(leaf)).toEqual(['ERR_CHAIN_MALFORMED']);
  });

  it('"extnValue OCTET STRING": an extension whose value is not an OCTET STRING is refused', async () => {
    const bad = encodeSequence(encodeOid('2.5.29.17'), encodeSequence(dnsSanValue()));
    expect(await refusal(buildLeaf(ca, withExtensions(bad)))).toContain('malformed extension');
  });
});

describe('§4.2 certificate extensions, general rules', () => {
  it('"A certificate MUST NOT include more than one instance of a particular extension": a repeated one is refused', () => {
    const leaf = buildLeaf(ca, withExtensions(dnsSan('leaf.example.com'), dnsSan('other.example.com')));
    expect(messages(leaf)).toEqual(['leaf: duplicate extension 2.5.29.17']);
    expect(codes(leaf, 'strict')).toEqual(['ERR_CHAIN_MALFORMED']);
  });

  it('"A certificate-using system MUST reject the certificate if it encounters a critical extension it does not recognize"', () => {
    const leaf = buildLeaf(ca, withExtensions(extension('1.3.6.1.4.1.99999.1', Uint8Array.of(0x05, 0), true)));
    expect(codes(leaf)).toEqual(['ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION']);
    expect(codes(leaf, 'strict')).toEqual(['ERR_CHAIN_UNKNOWN_CRITICAL_EXTENSION']);
  });

  it('"a non-critical extension MAY be ignored if it is not recognized": accepted', () => {
    const leaf = buildLeaf(ca, withExtensions(extension('1.3.6.1.4.1.99999.1', Uint8Array.of(0x05, 0))));
    expect(codes(leaf)).toEqual([]);
    expect(codes(leaf, 'strict')).toEqual([]);
  });

  it('"MUST … process … a critical extension it … recognizes": a recognised critical extension that is malformed is refused', () => {
    const broken = extension('2.5.29.15', Uint8Array.of(0x03, 0x01, 0x00), true);
    const leaf = buildLeaf(ca, { extensions: [authorityKeyId(ca.keyId), broken] });
    expect(codes(leaf)).toEqual(['ERR_CHAIN_MALFORMED']);
  });
});

function dnsSanValue(): Uint8Array {
  return encodeSequence(encodeElement(0x82, new TextEncoder().encode('leaf.example.com')));
}

describe('the same certificates under OpenSSL 3 (docs/conformance.md compares the two)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rfc5280-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** Whether `openssl verify` accepts `leaf` under the root at the test's time; false when it cannot even read it. */
  function opensslAccepts(leaf: Uint8Array): boolean {
    const pem = (der: Uint8Array, label = 'CERTIFICATE') =>
      `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64')}\n-----END ${label}-----\n`;
    writeFileSync(join(scratch, 'root.pem'), pem(root));
    writeFileSync(join(scratch, 'leaf.pem'), pem(leaf));
    const at = String(AT.getTime() / 1000);
    try {
      execFileSync(
        'openssl',
        ['verify', '-attime', at, '-CAfile', join(scratch, 'root.pem'), join(scratch, 'leaf.pem')],
        {
          stdio: 'pipe',
        },
      );
      return true;
    } catch {
      return false;
    }
  }

  const uniqueId = encodeBitString(Uint8Array.of(0x12, 0x34)).subarray(2);
  const cases: [string, () => Uint8Array, 'both refuse' | 'both accept' | 'only we refuse'][] = [
    ['the well-formed certificate', () => buildLeaf(ca), 'both accept'],
    [
      'inner and outer signature algorithms differ',
      () => buildLeaf(ca, { innerAlgorithm: ECDSA_SHA256 }),
      'both refuse',
    ],
    [
      'a signature BIT STRING with unused bits',
      () => buildLeaf(ca, { signatureValue: (sig) => encodeBitString(sig, 1) }),
      'both refuse',
    ],
    ['a non-minimal serial INTEGER', () => buildLeaf(ca, { serial: Uint8Array.of(0x00, 0x01) }), 'both refuse'],
    ['30 February', () => buildLeaf(ca, { notBefore: utcTime('250230000000Z') }), 'both refuse'],
    [
      'GeneralizedTime with a fraction',
      () => buildLeaf(ca, { notAfter: generalizedTime('20350101000000.5Z') }),
      'both refuse',
    ],
    [
      'a repeated extension',
      () => buildLeaf(ca, withExtensions(dnsSan('a.example'), dnsSan('b.example'))),
      'both refuse',
    ],
    [
      'unique identifiers out of order',
      () =>
        buildLeaf(ca, {
          extensions: undefined,
          trailingTbsFields: [encodeElement(0x82, uniqueId), encodeElement(0x81, uniqueId)],
        }),
      'both refuse',
    ],
    [
      'GeneralizedTime before 2050',
      () => buildLeaf(ca, { notAfter: generalizedTime('20350101000000Z') }),
      'both accept',
    ],
    ['version 4', () => buildLeaf(ca, { version: 4 }), 'only we refuse'],
    ['version 1 written out', () => buildLeaf(ca, { version: 1, extensions: undefined }), 'only we refuse'],
    [
      'unique identifiers in a v1 certificate',
      () => buildLeaf(ca, { version: 'absent', subjectUniqueId: uniqueId, extensions: undefined }),
      'only we refuse',
    ],
    ['extensions in a v1 certificate', () => buildLeaf(ca, { version: 'absent' }), 'only we refuse'],
    ['an empty extensions field', () => buildLeaf(ca, { extensions: [] }), 'only we refuse'],
  ];

  it.each(cases.map(([name, build, verdict]) => [name, verdict, build] as const))('%s: %s', (_name, verdict, build) => {
    const leaf = build();
    let ours: boolean;
    try {
      ours = codes(leaf).length === 0;
    } catch {
      ours = false;
    }
    expect({ ours, openssl: opensslAccepts(leaf) }).toEqual({
      ours: verdict === 'both accept',
      openssl: verdict !== 'both refuse',
    });
  });
});

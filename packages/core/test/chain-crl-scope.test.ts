import { describe, expect, it } from 'vitest';
import type { IssuingDistributionPoint, ParsedCrl } from '../src/chain/revocation/crl-parse.js';
import {
  crlCovers,
  deltaApplies,
  entryFor,
  ISSUER_AS_DISTRIBUTION_POINT,
  interimReasons,
} from '../src/chain/revocation/crl-scope.js';
import { ALL_REASONS, type DistributionPoint, directoryNameKey } from '../src/chain/revocation/distribution-points.js';
import type { ParsedCertificate } from '../src/x509/certificate.js';
import type { ChainName } from '../src/x509/name.js';

// RFC 5280 §6.3.3 (b)–(d) and §5.2.4, clause by clause, on hand-made CRLs and certificates.
function name(...rdns: string[]): ChainName {
  const rdnKeys = rdns.map((rdn) => `2.5.4.3=${rdn}`);
  return { raw: new Uint8Array(), attributes: [], rdnKeys, key: JSON.stringify(rdnKeys) };
}
const CA = name('ca');
const OTHER = name('other');
const KEY_COMPROMISE = 1 << 1;
const CA_COMPROMISE = 1 << 2;

function certificate(fields: { issuer?: ChainName; ca?: boolean; serial?: number } = {}): ParsedCertificate {
  return {
    issuer: fields.issuer ?? CA,
    serial: new Uint8Array([fields.serial ?? 5]),
    basicConstraints: fields.ca ? { ca: true, pathLen: undefined } : undefined,
  } as unknown as ParsedCertificate;
}

function idp(fields: Partial<IssuingDistributionPoint>): IssuingDistributionPoint {
  return {
    raw: new Uint8Array([1]),
    point: undefined,
    onlyUserCerts: false,
    onlyCaCerts: false,
    onlySomeReasons: undefined,
    indirect: false,
    onlyAttributeCerts: false,
    ...fields,
  };
}

function crl(fields: Partial<ParsedCrl> = {}): ParsedCrl {
  return { issuer: CA, isDelta: false, number: 1n, revoked: [], idp: undefined, ...fields } as ParsedCrl;
}

function point(fields: Partial<DistributionPoint>): DistributionPoint {
  return { ...ISSUER_AS_DISTRIBUTION_POINT, ...fields };
}

const URI = 'uri:http://crl.example.com/ca.crl';

describe('CRL scope (RFC 5280 §6.3.3 b)', () => {
  it('(b)(1) without cRLIssuer: the CRL issuer must be the certificate issuer', () => {
    expect(crlCovers(crl(), ISSUER_AS_DISTRIBUTION_POINT, certificate())).toBe(true);
    expect(crlCovers(crl({ issuer: OTHER }), ISSUER_AS_DISTRIBUTION_POINT, certificate())).toBe(false);
  });

  it('(b)(1) with cRLIssuer: the CRL must be that issuer’s and say indirectCRL', () => {
    const viaOther = point({ crlIssuer: [directoryNameKey(OTHER)], crlIssuerName: OTHER });
    expect(crlCovers(crl({ issuer: OTHER, idp: idp({ indirect: true }) }), viaOther, certificate())).toBe(true);
    expect(crlCovers(crl({ issuer: OTHER }), viaOther, certificate())).toBe(false);
    expect(crlCovers(crl({ idp: idp({ indirect: true }) }), viaOther, certificate())).toBe(false);
  });

  it('(b)(2)(i) distribution point names: full names, and relative names appended to the right issuer', () => {
    const full = crl({ idp: idp({ point: { full: [URI] } }) });
    expect(crlCovers(full, point({ name: { full: [URI] } }), certificate())).toBe(true);
    expect(crlCovers(full, point({ name: { full: ['uri:http://elsewhere/'] } }), certificate())).toBe(false);
    // The CRL's relative name is appended to the CRL issuer; the certificate's to its own issuer.
    const relative = crl({ idp: idp({ point: { relative: '2.5.4.3=part1' } }) });
    const asFullName = `dn:${name('ca', 'part1').key}`;
    expect(crlCovers(relative, point({ name: { full: [asFullName] } }), certificate())).toBe(true);
    expect(crlCovers(relative, point({ name: { relative: '2.5.4.3=part1' } }), certificate())).toBe(true);
    expect(crlCovers(relative, point({ name: { relative: '2.5.4.3=part2' } }), certificate())).toBe(false);
  });

  it('(b)(2)(i) a CRL for a named distribution point does not cover a certificate that names none', () => {
    const full = crl({ idp: idp({ point: { full: [URI] } }) });
    expect(crlCovers(full, ISSUER_AS_DISTRIBUTION_POINT, certificate())).toBe(false);
    // … unless the distribution point has no name but a cRLIssuer the IDP names.
    const issuerNamed = crl({
      issuer: OTHER,
      idp: idp({ indirect: true, point: { full: [directoryNameKey(OTHER)] } }),
    });
    const viaOther = point({ crlIssuer: [directoryNameKey(OTHER)], crlIssuerName: OTHER });
    expect(crlCovers(issuerNamed, viaOther, certificate())).toBe(true);
  });

  it('(b)(2)(ii)–(iii) only user certificates, only CA certificates, never attribute certificates', () => {
    const users = crl({ idp: idp({ onlyUserCerts: true }) });
    const cas = crl({ idp: idp({ onlyCaCerts: true }) });
    const attributes = crl({ idp: idp({ onlyAttributeCerts: true }) });
    const here = ISSUER_AS_DISTRIBUTION_POINT;
    expect([crlCovers(users, here, certificate()), crlCovers(users, here, certificate({ ca: true }))]).toEqual([
      true,
      false,
    ]);
    expect([crlCovers(cas, here, certificate()), crlCovers(cas, here, certificate({ ca: true }))]).toEqual([
      false,
      true,
    ]);
    expect(crlCovers(attributes, here, certificate())).toBe(false);
  });
});

describe('reasons (RFC 5280 §6.3.3 d)', () => {
  it('intersects onlySomeReasons with the distribution point’s reasons; either absent means all', () => {
    const some = crl({ idp: idp({ onlySomeReasons: KEY_COMPROMISE | CA_COMPROMISE }) });
    expect(interimReasons(crl(), ISSUER_AS_DISTRIBUTION_POINT)).toBe(ALL_REASONS);
    expect(interimReasons(some, ISSUER_AS_DISTRIBUTION_POINT)).toBe(KEY_COMPROMISE | CA_COMPROMISE);
    expect(interimReasons(crl(), point({ reasons: KEY_COMPROMISE }))).toBe(KEY_COMPROMISE);
    expect(interimReasons(some, point({ reasons: CA_COMPROMISE | (1 << 3) }))).toBe(CA_COMPROMISE);
  });
});

describe('delta CRLs (RFC 5280 §5.2.4, §6.3.3 c)', () => {
  const complete = crl({ number: 4n, idp: idp({ onlyUserCerts: true }), authorityKeyId: new Uint8Array([9]) });
  const delta = (fields: Partial<ParsedCrl>) =>
    crl({
      isDelta: true,
      number: 6n,
      baseNumber: 3n,
      idp: idp({ onlyUserCerts: true }),
      authorityKeyId: new Uint8Array([9]),
      ...fields,
    });

  it('applies to a complete CRL of the same issuer, scope and key, at or after its base, and newer', () => {
    expect(deltaApplies(delta({}), complete)).toBe(true);
    expect(deltaApplies(delta({ baseNumber: 4n }), complete)).toBe(true);
    expect(deltaApplies(delta({ baseNumber: 5n }), complete)).toBe(false);
    expect(deltaApplies(delta({ number: 4n }), complete)).toBe(false);
    expect(deltaApplies(delta({ issuer: OTHER }), complete)).toBe(false);
    expect(deltaApplies(delta({ idp: undefined }), complete)).toBe(false);
    expect(deltaApplies(delta({ authorityKeyId: new Uint8Array([8]) }), complete)).toBe(false);
  });
});

describe('entries (RFC 5280 §5.3.3)', () => {
  it('matches the serial and the certificate issuer an indirect CRL’s entry names', () => {
    const entry = (serial: string, issuer: ChainName) => ({
      serialHex: serial,
      revocationDate: 0,
      reason: undefined,
      issuerKeys: [directoryNameKey(issuer)],
    });
    const indirect = crl({ issuer: OTHER, revoked: [entry('05', OTHER), entry('06', CA)] });
    expect(entryFor(indirect, certificate({ serial: 5 }))).toBeUndefined();
    expect(entryFor(indirect, certificate({ serial: 6 }))?.serialHex).toBe('06');
    expect(entryFor(indirect, certificate({ serial: 5, issuer: OTHER }))?.serialHex).toBe('05');
  });
});

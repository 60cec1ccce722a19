import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateChain } from '../src/index.js';
import { encodeBoolean, encodeElement, encodeSequence, encodeUnsignedInteger } from '../src/asn1/der.js';
import { decodePemBlocks } from '../src/asn1/pem.js';
import { parseCertificateDer } from '../src/x509/certificate.js';
import { CA_EXTENSIONS, derOf, type Issued, issue, LEAF_EXTENSIONS } from './chain-openssl.js';
import { makeScratch, type Scratch } from './csr-openssl.js';

// Delta and indirect CRLs, which `openssl ca` does not make: built with @peculiar/x509 and CA keys made by openssl.
let scratch: Scratch;
let root: Issued;
let ca: Issued;
let otherCa: Issued;
let leaf: Issued;
let otherLeaf: Issued;
const ecdsa = { name: 'ECDSA', hash: 'SHA-256' };
const CRL_NUMBER = '2.5.29.20';
const DELTA_INDICATOR = '2.5.29.27';
const ISSUING_DISTRIBUTION_POINT = '2.5.29.28';

beforeAll(async () => {
  scratch = await makeScratch();
  root = await issue(scratch, 'kinds-root', { extensions: CA_EXTENSIONS });
  ca = await issue(scratch, 'kinds-ca', { issuer: root, extensions: CA_EXTENSIONS });
  otherCa = await issue(scratch, 'kinds-other-ca', { issuer: root, extensions: CA_EXTENSIONS });
  leaf = await issue(scratch, 'kinds-leaf', { issuer: ca, extensions: LEAF_EXTENSIONS });
  otherLeaf = await issue(scratch, 'kinds-other-leaf', { issuer: otherCa, extensions: LEAF_EXTENSIONS });
});
afterAll(async () => {
  await scratch.remove();
});

async function signingKey(member: Issued): Promise<x509.X509CrlCreateParams['signingKey']> {
  const der = (decodePemBlocks(await readFile(member.keyFile, 'utf8'))[0] as { der: Uint8Array }).der;
  const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  return key as unknown as x509.X509CrlCreateParams['signingKey'];
}

// The certificateIssuer entry extension (GeneralNames with the issuer's directoryName), built by hand:
// @peculiar/x509's `issuer` entry parameter does not encode it as RFC 5280 §5.3.3 says.
function certificateIssuer(member: Issued): x509.Extension {
  const subject = parseCertificateDer(derOf(member.pem)).subject.raw;
  return new x509.Extension('2.5.29.29', true, encodeSequence(encodeElement(0xa4, subject)));
}

function serialOf(member: Issued): string {
  return new x509.X509Certificate(member.pem).serialNumber;
}

interface CrlSpec {
  signer: Issued;
  number: number;
  deltaOf?: number;
  indirect?: boolean;
  distributionPoint?: string;
  entries?: x509.X509CrlEntryParams[];
}

async function crl(spec: CrlSpec): Promise<string> {
  const extensions = [new x509.Extension(CRL_NUMBER, false, encodeUnsignedInteger(spec.number))];
  if (spec.deltaOf !== undefined)
    extensions.push(new x509.Extension(DELTA_INDICATOR, true, encodeUnsignedInteger(spec.deltaOf)));
  if (spec.indirect === true) {
    extensions.push(
      new x509.Extension(
        ISSUING_DISTRIBUTION_POINT,
        true,
        encodeSequence(encodeElement(0x84, encodeBoolean(true).subarray(2))),
      ),
    );
  }
  if (spec.distributionPoint !== undefined) {
    const uri = encodeElement(0x86, new TextEncoder().encode(spec.distributionPoint));
    const idp = encodeSequence(encodeElement(0xa0, encodeElement(0xa0, uri)));
    extensions.push(new x509.Extension(ISSUING_DISTRIBUTION_POINT, true, idp));
  }
  const now = Date.now();
  const generated = await x509.X509CrlGenerator.create({
    issuer: `CN=${spec.signer.name}`,
    thisUpdate: new Date(now - 3_600_000),
    nextUpdate: new Date(now + 86_400_000),
    signingAlgorithm: ecdsa,
    signingKey: await signingKey(spec.signer),
    extensions,
    entries: spec.entries ?? [],
  });
  return generated.toString('pem');
}

function codes(target: Issued, issuer: Issued, crls: string[], extra: Issued[] = []): string[] {
  const intermediates = [issuer.pem, ...extra.map((member) => member.pem)];
  return validateChain({ leaf: target.pem, intermediates, trustAnchors: [root.pem], crls }).problems.map(
    (problem) => problem.code,
  );
}

describe('validateChain with delta and indirect CRLs', () => {
  it('applies a delta CRL on top of the complete CRL it builds on', async () => {
    const rootCrl = await crl({ signer: root, number: 1 });
    const complete = await crl({ signer: ca, number: 5 });
    const delta = await crl({ signer: ca, number: 6, deltaOf: 5, entries: [{ serialNumber: serialOf(leaf) }] });
    expect(codes(leaf, ca, [rootCrl, complete])).toEqual([]);
    expect(codes(leaf, ca, [rootCrl, complete, delta])).toEqual(['ERR_CHAIN_REVOKED']);
    expect(codes(leaf, ca, [rootCrl, delta])).toEqual(['ERR_CHAIN_CRL_MISSING']);
    const unrelatedDelta = await crl({
      signer: ca,
      number: 9,
      deltaOf: 8,
      entries: [{ serialNumber: serialOf(leaf) }],
    });
    expect(codes(leaf, ca, [rootCrl, complete, unrelatedDelta])).toEqual([]);
  });

  it('lets a delta CRL take a certificate off hold (removeFromCRL)', async () => {
    const rootCrl = await crl({ signer: root, number: 1 });
    const hold = { serialNumber: serialOf(leaf), reason: x509.X509CrlReason.certificateHold };
    const complete = await crl({ signer: ca, number: 5, entries: [hold] });
    const release = { serialNumber: serialOf(leaf), reason: x509.X509CrlReason.removeFromCRL };
    const delta = await crl({ signer: ca, number: 6, deltaOf: 5, entries: [release] });
    expect(codes(leaf, ca, [rootCrl, complete])).toEqual(['ERR_CHAIN_REVOKED']);
    expect(codes(leaf, ca, [rootCrl, complete, delta])).toEqual([]);
  });

  // RFC 5280 §6.3.3 (b)(1): a CRL from another issuer speaks for a certificate only when the
  // certificate's distribution point names that issuer as cRLIssuer, and the CRL says it is indirect.
  it('reads an indirect CRL that another CA signs, for a certificate whose distribution point names it cRLIssuer', async () => {
    const pointing = await issue(scratch, 'kinds-pointing-leaf', {
      issuer: otherCa,
      extensions: [
        ...LEAF_EXTENSIONS,
        'crlDistributionPoints = dp',
        '[dp]',
        'fullname = URI:http://crl.example.com/indirect.crl',
        'CRLissuer = dirName:crl_issuer',
        '[crl_issuer]',
        'CN = kinds-ca',
      ],
    });
    const rootCrl = await crl({ signer: root, number: 1 });
    const entries = [pointing, otherLeaf].map((member) => ({
      serialNumber: serialOf(member),
      extensions: [certificateIssuer(otherCa)],
    }));
    const indirect = await crl({ signer: ca, number: 7, indirect: true, entries });
    // The signer must be supplied, and valid on a path to the same trust anchor.
    expect(codes(pointing, otherCa, [rootCrl, indirect])).toEqual(['ERR_CHAIN_CRL_INVALID', 'ERR_CHAIN_CRL_MISSING']);
    expect(codes(pointing, otherCa, [rootCrl, indirect], [ca])).toEqual(['ERR_CHAIN_REVOKED']);
    // A certificate that does not name the CRL's issuer is not in its scope, whatever its entries say.
    expect(codes(otherLeaf, otherCa, [rootCrl, indirect], [ca])).toEqual(['ERR_CHAIN_CRL_MISSING']);
    const stranger = await issue(scratch, 'kinds-stranger', { extensions: CA_EXTENSIONS });
    const forged = await crl({
      signer: stranger,
      number: 1,
      indirect: true,
      entries: [{ serialNumber: serialOf(pointing), extensions: [certificateIssuer(otherCa)] }],
    });
    expect(codes(pointing, otherCa, [rootCrl, forged], [stranger])).toEqual(['ERR_CHAIN_CRL_MISSING']);
  });

  it('applies a CRL for a named distribution point only to certificates that name it', async () => {
    const uri = 'http://crl.example.com/kinds-ca.crl';
    const pointed = await issue(scratch, 'kinds-pointed', {
      issuer: ca,
      extensions: [...LEAF_EXTENSIONS, `crlDistributionPoints = URI:${uri}`],
    });
    const rootCrl = await crl({ signer: root, number: 1 });
    const partitioned = await crl({
      signer: ca,
      number: 3,
      distributionPoint: uri,
      entries: [{ serialNumber: serialOf(pointed) }],
    });
    expect(codes(pointed, ca, [rootCrl, partitioned])).toEqual(['ERR_CHAIN_REVOKED']);
    expect(codes(leaf, ca, [rootCrl, partitioned])).toEqual(['ERR_CHAIN_CRL_MISSING']);
  });
});

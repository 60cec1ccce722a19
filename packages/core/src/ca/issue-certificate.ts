import type { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import type { HashAlgorithm, PrivateKey } from '../keys/types.js';
import { toHex } from '../lib/bytes.js';
import { cachedSigningKeys } from '../keys/signing-key-cache.js';
import { asX509Crypto, type X509Module } from './peculiar-module.js';

/** Everything a certificate needs; names and keys travel as DER. */
export interface IssueRequest {
  x509: X509Module;
  crypto: webcrypto.Crypto;
  subjectName: Uint8Array;
  issuerName: Uint8Array;
  subjectSpki: Uint8Array;
  issuerKey: PrivateKey;
  hash: HashAlgorithm;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  extensions: X509.Extension[];
}

/** Signs a certificate with the issuer's key and returns its DER. */
export async function issueCertificate(request: IssueRequest): Promise<Uint8Array> {
  const { x509, crypto } = request;
  const { privateKey, signingAlgorithm } = await cachedSigningKeys(request.issuerKey, request.hash, crypto);
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: request.serialHex,
      subject: new x509.Name(request.subjectName),
      issuer: new x509.Name(request.issuerName),
      notBefore: request.notBefore,
      notAfter: request.notAfter,
      publicKey: request.subjectSpki,
      signingKey: privateKey,
      signingAlgorithm,
      extensions: request.extensions,
    },
    asX509Crypto(crypto),
  );
  return new Uint8Array(certificate.rawData);
}

/** The RFC 5280 §4.2.1.2 key identifier (SHA-1 of the subjectPublicKey bits) as hex. */
export async function keyIdentifier(x509: X509Module, spki: Uint8Array, crypto: webcrypto.Crypto): Promise<string> {
  const id = await new x509.PublicKey(spki).getKeyIdentifier(asX509Crypto(crypto));
  return toHex(new Uint8Array(id));
}

// A small PKI with fixed dates for the scan tests: root → intermediate → leaves. The scans run with
// `at: AT`, so days to expiry never depend on the day the tests run.
import {
  createCsr,
  createLabCa,
  exportPrivateKeyPem,
  generateKey,
  type KeySpec,
  type LabCa,
  signCsr,
  type SubjectAltName,
} from '@certwright/core';

export const AT = new Date('2027-02-15T00:00:00Z');
export const CA_NOT_BEFORE = new Date('2025-01-01T00:00:00Z');
export const CA_NOT_AFTER = new Date('2035-01-01T00:00:00Z');
/** The leaves' default expiry: 14 days after AT. */
export const LEAF_NOT_AFTER = new Date('2027-03-01T00:00:00Z');

export const EC: KeySpec = { type: 'ec', curve: 'P-256' };
export const RSA: KeySpec = { type: 'rsa', bits: 2048 };

export interface Leaf {
  certificatePem: string;
  keyPem: string;
}

export interface TestPki {
  ca: LabCa;
  rootPem: string;
  intermediatePem: string;
  /** Issues a leaf under the intermediate. */
  leaf(options: { cn: string; sans?: SubjectAltName[]; keySpec?: KeySpec; notAfter?: Date }): Promise<Leaf>;
}

export async function createTestPki(): Promise<TestPki> {
  const ca = await createLabCa({ intermediates: 1, keySpec: EC, notBefore: CA_NOT_BEFORE, notAfter: CA_NOT_AFTER });
  const issuer = ca.intermediates[0];
  if (issuer === undefined) throw new Error('no intermediate');
  return {
    ca,
    rootPem: ca.root.certificatePem,
    intermediatePem: issuer.certificatePem,
    async leaf({ cn, sans, keySpec, notAfter }) {
      const key = await generateKey(keySpec ?? EC);
      const csr = await createCsr({
        key,
        subject: { cn, o: 'Certwright Scan Tests' },
        sans: sans ?? [{ type: 'dns', value: cn }],
      });
      const signed = await signCsr({
        csr: csr.pem,
        issuerCertificate: issuer.certificatePem,
        issuerKey: issuer.key,
        notBefore: CA_NOT_BEFORE,
        notAfter: notAfter ?? LEAF_NOT_AFTER,
      });
      return { certificatePem: signed.pem, keyPem: await exportPrivateKeyPem(key) };
    },
  };
}

import {
  createCsr,
  createLabCa,
  exportPrivateKeyPem,
  generateKey,
  type LabCa,
  type PrivateKey,
  parseSubjectAltName,
  signCsr,
} from '@certwright/core';

/** A certificate with its key, issued by a lab CA. */
export interface Leaf {
  certificatePem: string;
  key: PrivateKey;
  keyPem: string;
}

/** A lab CA with EC keys (fast to make on a shared machine). */
export function labCa(): Promise<LabCa> {
  return createLabCa({ keySpec: { type: 'ec', curve: 'P-256' } });
}

/** A leaf for the given names (`ip:127.0.0.1`, `dns:localhost`) issued by the CA's root. */
export async function leaf(ca: LabCa, cn: string, names: string[]): Promise<Leaf> {
  const key = await generateKey({ type: 'ec', curve: 'P-256' });
  const csr = await createCsr({ key, subject: { cn }, sans: names.map((name) => parseSubjectAltName(name)) });
  const signed = await signCsr({ csr: csr.pem, issuerCertificate: ca.root.certificatePem, issuerKey: ca.root.key });
  return { certificatePem: signed.pem, key, keyPem: await exportPrivateKeyPem(key) };
}

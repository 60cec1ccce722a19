// `--factory-certificate`: the certificate a device leaves the factory with, as AudioCodes describe it —
// self-signed, subject "ACL_" followed by the device's serial number (Mediant 3000 User's Manual 7.0,
// "Configuring TLS Certificate Contexts"; Mediant 2000 User's Manual, "Self-Signed Certificates") — on an
// RSA-1024 key (1024 bits is the devices' default key size) signed with SHA-1, like the OVOC default
// device files the security guidelines describe. See docs/device-simulator.md.
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { encodeName, issueCertificate } from './certificates.js';
import { privateKeyToPem } from './pem.js';

const DAY_MS = 86_400_000;
export const FACTORY_KEY_BITS = 1024;

/** `ACL_0000003` for serial digits `0000003`. */
export function factorySubjectName(serialDigits: string): string {
  return `ACL_${serialDigits}`;
}

/** A new self-signed RSA-1024 / SHA-1 pair, valid from a day ago for 20 years, no SANs (the device names none). */
export async function selfSignedFactoryPair(
  serialDigits: string,
  now = new Date(),
): Promise<{ certificatePem: string; privateKeyPem: string }> {
  const key = await new Promise<KeyObject>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: FACTORY_KEY_BITS }, (error, _publicKey, privateKey) =>
      error ? reject(error) : resolve(privateKey),
    ),
  );
  const name = encodeName({ subjectName: factorySubjectName(serialDigits) });
  const certificatePem = issueCertificate({
    subject: name,
    subjectKey: key,
    issuer: name,
    issuerKey: key,
    isCa: false,
    hash: 'sha1',
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 20 * 365 * DAY_MS),
  });
  return { certificatePem, privateKeyPem: privateKeyToPem(key) };
}

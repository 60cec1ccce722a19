// The simulator's factory CA: it issues each device's factory certificate, so a client can verify devices
// with `--ca-file` instead of skipping verification. EC P-256: cheap enough for 1,000 devices at start-up.
import { createPrivateKey, generateKeyPairSync, type KeyObject, X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeName, issueCertificate, spkiDer } from './certificates.js';
import { privateKeyToPem } from './pem.js';
import { writeFileAtomic } from './state-store.js';

export interface FactoryCa {
  certificatePem: string;
  key: KeyObject;
  subject: Buffer;
  spki: Buffer;
}

const DAY_MS = 86_400_000;
const CA_SUBJECT = { subjectName: 'Certwright Device Simulator Factory CA', companyName: 'Certwright Simulator' };

/** Loads `factory-ca.pem` / `factory-ca-key.pem` from the state directory, or creates them (and writes them there). */
export async function openFactoryCa(stateDir: string | undefined, now = new Date()): Promise<FactoryCa> {
  if (stateDir !== undefined) await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const stored = stateDir === undefined ? undefined : await loadFactoryCa(stateDir);
  if (stored) return stored;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subject = encodeName(CA_SUBJECT);
  const certificatePem = issueCertificate({
    subject,
    subjectKey: privateKey,
    issuer: subject,
    issuerKey: privateKey,
    isCa: true,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 20 * 365 * DAY_MS),
  });
  if (stateDir !== undefined) {
    await writeFileAtomic(join(stateDir, 'factory-ca-key.pem'), privateKeyToPem(privateKey));
    await writeFileAtomic(join(stateDir, 'factory-ca.pem'), certificatePem, 0o644);
  }
  return { certificatePem, key: privateKey, subject, spki: spkiDer(privateKey) };
}

async function loadFactoryCa(stateDir: string): Promise<FactoryCa | undefined> {
  try {
    const certificatePem = await readFile(join(stateDir, 'factory-ca.pem'), 'utf8');
    const key = createPrivateKey(await readFile(join(stateDir, 'factory-ca-key.pem'), 'utf8'));
    const subject = Buffer.from(new X509Certificate(certificatePem).raw);
    return { certificatePem, key, subject: subjectOf(subject), spki: spkiDer(key) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The subject Name's DER inside a certificate: TBSCertificate's sixth field. */
function subjectOf(certificateDer: Buffer): Buffer {
  const tbs = children(children(certificateDer)[0] ?? Buffer.alloc(0));
  return tbs[5] ?? Buffer.alloc(0);
}

/** The elements of a DER SEQUENCE (definite lengths only, as DER has). */
function children(der: Buffer): Buffer[] {
  const { headerLength, length } = header(der, 0);
  const items: Buffer[] = [];
  let offset = headerLength;
  while (offset < headerLength + length) {
    const item = header(der, offset);
    items.push(der.subarray(offset, offset + item.headerLength + item.length));
    offset += item.headerLength + item.length;
  }
  return items;
}

function header(der: Buffer, offset: number): { headerLength: number; length: number } {
  const first = der[offset + 1] ?? 0;
  if (first < 0x80) return { headerLength: 2, length: first };
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (der[offset + 2 + i] ?? 0);
  return { headerLength: 2 + count, length };
}

/** A device's factory pair: its own EC P-256 key, a certificate for loopback names issued by the factory CA. */
export function issueFactoryPair(ca: FactoryCa, deviceName: string, now = new Date()) {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const certificatePem = issueCertificate({
    subject: encodeName({ subjectName: deviceName, companyName: 'Certwright Simulator' }),
    subjectKey: privateKey,
    issuer: ca.subject,
    issuerKey: ca.key,
    issuerSpki: ca.spki,
    isCa: false,
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1', '::1'],
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 10 * 365 * DAY_MS),
  });
  return { certificatePem, privateKeyPem: privateKeyToPem(privateKey) };
}

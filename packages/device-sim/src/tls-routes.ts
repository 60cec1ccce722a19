// `/api/v1/files/tls/<id>/…`: a TLS context's certificate, private key and trusted root store.
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ApiRequest, type DeviceControl, formField, jsonBody, uploadedFile } from './api-request.js';
import { createRequest, type DeviceSubject, encodeName, issueCertificate, type SignatureHash } from './certificates.js';
import { keySize, pairMatches, privateKeyToPem, readCertificateBlocks, readPrivateKeyPem } from './pem.js';
import { describe, fileReply, jsonReply, type Reply } from './reply.js';

/** The trusted root store's capacity per context; one more is refused with 400. */
export const MAX_TRUSTED_ROOTS = 150;
/** Name of the query parameter or form field carrying an encrypted key's password (see the open item). */
export const KEY_PASSWORD_FIELD = 'password';
const GENERATED_KEY_SIZES = [1024, 2048, 3072, 4096];
const SIGNATURE_HASHES: SignatureHash[] = ['sha1', 'sha256', 'sha512'];
const DAY_MS = 86_400_000;
const NO_KEY = 'The TLS context has no private key: upload or generate one first';
/** The key forms the Private Key page shows: `BEGIN RSA PRIVATE KEY` (PKCS#1, possibly Proc-Type encrypted), and EC's SEC1. */
const TRADITIONAL_KEY = /-----BEGIN (RSA|EC) PRIVATE KEY-----/;
/** `privateKey/generate` without a size (the REST reference's default). */
const DEFAULT_GENERATED_SIZE = 1024;
/** Scaled-down cost of a key made on slow firmware, per 1024 bits. */
const SLOW_GENERATION_MS_PER_1024 = 500;

export function listTlsContexts(device: DeviceControl): Reply {
  if (device.model.openItems.tlsContextList === 'not-found') return describe(404, 'Not found');
  const tls = Object.entries(device.model.running.tlsContexts).map(([id, context]) => ({
    id: Number(id),
    name: context.name ?? `context${id}`,
  }));
  return jsonReply(200, { tls });
}

export async function routeTlsContext(request: ApiRequest, device: DeviceControl): Promise<Reply> {
  const [, , idText = '', ...rest] = request.segments;
  const id = /^\d+$/.test(idText) ? Number(idText) : Number.NaN;
  if (!device.model.context(id)) return describe(404, `TLS context ${idText} does not exist`);
  const route = `${request.method} ${rest.join('/')}`;
  switch (route) {
    case 'GET certificate':
      return getCertificate(device, id);
    case 'PUT certificate':
      return putCertificate(request, device, id);
    case 'GET privateKey':
      return getPrivateKey(device, id);
    case 'PUT privateKey':
      return putPrivateKey(request, device, id);
    case 'POST privateKey/generate':
      return generatePrivateKey(request, device, id);
    case 'POST certificate/generate':
      return generateSelfSigned(request, device, id);
    case 'POST certificate/request':
      return certificateRequest(request, device, id);
    case 'GET trustedRoot':
      return getTrustedRoots(device, id);
    case 'PUT trustedRoot':
      return replaceTrustedRoots(request, device, id);
    case 'PUT trustedRoot/incremental':
      return addTrustedRoot(request, device, id);
    default:
      return describe(404, 'Not found');
  }
}

/** A resource with nothing in it: 400 (as the privilege-levels page says) or 200 with an empty body. */
function emptyResource(device: DeviceControl, what: string): Reply {
  return device.model.openItems.emptyResource === 400 ? describe(400, `${what}: no content`) : fileReply('');
}

function getCertificate(device: DeviceControl, id: number): Reply {
  const certificatePem = device.model.context(id)?.certificatePem ?? '';
  return certificatePem === '' ? emptyResource(device, 'Certificate') : fileReply(certificatePem);
}

function getTrustedRoots(device: DeviceControl, id: number): Reply {
  const roots = device.model.context(id)?.trustedRootsPem ?? [];
  return roots.length === 0 ? emptyResource(device, 'Trusted root store') : fileReply(roots.join(''));
}

function putCertificate(request: ApiRequest, device: DeviceControl, id: number): Reply {
  const blocks = readCertificateBlocks(uploadedFile(request) ?? '');
  if (!blocks) return describe(400, 'Certificate file is not a valid PEM certificate');
  if (blocks.length > 1 && device.model.openItems.chainUpload === 'refuse') {
    return describe(400, 'Certificate file must hold exactly one certificate');
  }
  const certificatePem = blocks.join('');
  const keyPem = device.model.context(id)?.privateKeyPem ?? '';
  if (device.model.openItems.certificateKeyMismatch === 'refuse' && !pairMatches(certificatePem, keyPem)) {
    return describe(400, 'Certificate does not match the private key of the TLS context');
  }
  device.model.changeTlsContext(id, { certificatePem });
  return describe(200, 'Certificate was successfully changed');
}

function getPrivateKey(device: DeviceControl, id: number): Reply {
  const keyPem = device.model.context(id)?.privateKeyPem ?? '';
  const size = keyPem === '' ? 0 : (keySize(readPrivateKeyPemUnchecked(keyPem)) ?? 0);
  return jsonReply(200, { size, valid: device.model.keyMatches(id) });
}

function readPrivateKeyPemUnchecked(pem: string): KeyObject {
  const result = readPrivateKeyPem(pem, undefined);
  if (!result.ok) throw new Error(`simulator holds an unreadable key: ${result.reason}`);
  return result.key;
}

/** The password comes from the query or from a form field, per the open item; the other place is ignored. */
function putPrivateKey(request: ApiRequest, device: DeviceControl, id: number): Reply {
  const file = uploadedFile(request);
  if (file === undefined) return describe(400, 'Private key file is missing (multipart part "file")');
  const password =
    device.model.openItems.privateKeyPassword === 'query'
      ? (request.query.get(KEY_PASSWORD_FIELD) ?? undefined)
      : formField(request, KEY_PASSWORD_FIELD);
  if (device.model.openItems.privateKeyFormat === 'pkcs1-only' && !TRADITIONAL_KEY.test(file)) {
    return describe(400, 'Private key was not changed: unsupported format (RSA PKCS#1 or EC only)');
  }
  const result = readPrivateKeyPem(file, password, device.model.openItems.privateKeyTypes);
  if (!result.ok) return describe(400, `Private key was not changed: ${result.reason}`);
  device.model.changeTlsContext(id, { privateKeyPem: privateKeyToPem(result.key) });
  return describe(200, 'Private key was successfully changed');
}

/** `{"size": n}`, 1024 when absent. Slow firmware answers late; the key is made either way (a client that gave up finds it). */
async function generatePrivateKey(request: ApiRequest, device: DeviceControl, id: number): Promise<Reply> {
  const body = request.body.length === 0 ? {} : jsonBody(request);
  const size = body?.size ?? DEFAULT_GENERATED_SIZE;
  if (typeof size !== 'number' || !GENERATED_KEY_SIZES.includes(size)) {
    return describe(400, `size must be one of ${GENERATED_KEY_SIZES.join(', ')}`);
  }
  const key = await new Promise<KeyObject>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: size }, (error, _publicKey, privateKey) =>
      error ? reject(error) : resolve(privateKey),
    ),
  );
  device.model.changeTlsContext(id, { privateKeyPem: privateKeyToPem(key) });
  if (device.model.openItems.keyGeneration === 'slow') {
    await sleep((size / 1024) * SLOW_GENERATION_MS_PER_1024);
  }
  return describe(200, 'Private key was successfully generated');
}

function generateSelfSigned(request: ApiRequest, device: DeviceControl, id: number): Reply {
  const subject = readSubject(jsonBody(request));
  if (typeof subject === 'string') return describe(400, subject);
  const keyPem = device.model.context(id)?.privateKeyPem ?? '';
  if (keyPem === '') return describe(400, NO_KEY);
  const key = readPrivateKeyPemUnchecked(keyPem);
  const name = encodeName(subject);
  const now = Date.now();
  const certificatePem = issueCertificate({
    subject: name,
    subjectKey: key,
    issuer: name,
    issuerKey: key,
    isCa: false,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 365 * DAY_MS),
  });
  device.model.changeTlsContext(id, { certificatePem });
  return describe(200, 'Self-signed certificate was successfully generated');
}

/** The CSR, PEM, as a file download: the key stays on the device, the request carries the subject only. */
function certificateRequest(request: ApiRequest, device: DeviceControl, id: number): Reply {
  const body = jsonBody(request);
  const subject = readSubject(body);
  if (typeof subject === 'string') return describe(400, subject);
  const hash = body?.signatureAlgorithm ?? 'sha256';
  if (!SIGNATURE_HASHES.includes(hash as SignatureHash)) {
    return describe(400, `signatureAlgorithm must be one of ${SIGNATURE_HASHES.join(', ')}`);
  }
  const keyPem = device.model.context(id)?.privateKeyPem ?? '';
  if (keyPem === '') return describe(400, NO_KEY);
  return fileReply(createRequest(subject, readPrivateKeyPemUnchecked(keyPem), hash as SignatureHash));
}

const SUBJECT_FIELDS = ['organizationalUnit', 'companyName', 'localityName', 'state', 'countryCode'] as const;

/** The subject fields, or what is wrong with them. */
function readSubject(body: Record<string, unknown> | undefined): DeviceSubject | string {
  if (!body) return 'the request body must be a JSON object';
  const subjectName = body.subjectName;
  if (typeof subjectName !== 'string' || subjectName === '' || subjectName.length > 64) {
    return 'subjectName is required (1-64 characters)';
  }
  const subject: DeviceSubject = { subjectName };
  for (const field of SUBJECT_FIELDS) {
    const value = body[field];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || value.length > 64) return `${field} must be a string of at most 64 characters`;
    subject[field] = value;
  }
  if (subject.countryCode !== undefined && !/^[A-Za-z]{2}$/.test(subject.countryCode)) {
    return 'countryCode must be two letters';
  }
  return subject;
}

function replaceTrustedRoots(request: ApiRequest, device: DeviceControl, id: number): Reply {
  const blocks = readCertificateBlocks(uploadedFile(request) ?? '');
  if (!blocks) return describe(400, 'Trusted root file is not a valid PEM certificate file');
  if (blocks.length > MAX_TRUSTED_ROOTS) {
    return describe(400, `The trusted root store holds at most ${MAX_TRUSTED_ROOTS} certificates`);
  }
  device.model.changeTlsContext(id, { trustedRootsPem: blocks });
  return describe(200, 'Trusted root certificates were successfully changed');
}

/** Adds one root; a root already in the store is not added twice. */
function addTrustedRoot(request: ApiRequest, device: DeviceControl, id: number): Reply {
  const blocks = readCertificateBlocks(uploadedFile(request) ?? '');
  if (blocks?.length !== 1) return describe(400, 'The file must hold exactly one PEM certificate');
  const [root = ''] = blocks;
  const current = device.model.context(id)?.trustedRootsPem ?? [];
  if (current.includes(root)) return describe(200, 'Trusted root certificate was successfully added');
  if (current.length >= MAX_TRUSTED_ROOTS) {
    return describe(400, `The trusted root store is full (${MAX_TRUSTED_ROOTS} certificates)`);
  }
  device.model.changeTlsContext(id, { trustedRootsPem: [...current, root] });
  return describe(200, 'Trusted root certificate was successfully added');
}

// Test helpers: a small HTTPS request function (fresh connection every time), multipart bodies, and
// certificates made with @certwright/core (an implementation independent of the simulator's own).
import { type KeyObject, X509Certificate } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:tls';
import { createCsr, createLabCa, generateKey, type LabCa, type PrivateKey, signCsr } from '@certwright/core';
import type { SimulatedDevice, SimulatorHandle } from '../src/types.js';

export interface DeviceTarget {
  host: string;
  port: number;
}

export interface RequestOptions {
  method?: string;
  path: string;
  /** `name:password`; default Admin:Admin; null for none. */
  auth?: string | null;
  body?: Buffer | string;
  headers?: Record<string, string>;
  /** Trust for the device's certificate; default: not verified (tests look at what is served separately). */
  ca?: string | string[];
  clientCert?: { cert: string; key: string };
  timeoutMs?: number;
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => Record<string, unknown>;
}

export function send(device: DeviceTarget, options: RequestOptions): Promise<Response> {
  const auth = options.auth === undefined ? 'Admin:Admin' : options.auth;
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (auth !== null) headers.authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      {
        host: device.host,
        port: device.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        agent: false,
        ...(options.ca ? { ca: options.ca, rejectUnauthorized: true } : { rejectUnauthorized: false }),
        ...(options.clientCert ?? {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          });
        });
      },
    );
    if (options.timeoutMs) request.setTimeout(options.timeoutMs, () => request.destroy(new Error('client timeout')));
    request.on('error', reject);
    request.end(options.body);
  });
}

/** A multipart/form-data body with the given parts (the device's file is the part named `file`). */
export function multipart(parts: Record<string, string>): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----certwright-test-${Math.random().toString(16).slice(2)}`;
  const chunks = Object.entries(parts).map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${name === 'file' ? '; filename="upload.pem"' : ''}\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n${value}\r\n`,
  );
  return {
    body: Buffer.from(`${chunks.join('')}--${boundary}--\r\n`),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** PUT a file (multipart part `file`, plus extra fields) to a device path. */
export function upload(
  device: DeviceTarget,
  path: string,
  file: string,
  extra: Partial<RequestOptions> & { fields?: Record<string, string> } = {},
): Promise<Response> {
  const { body, headers } = multipart({ file, ...(extra.fields ?? {}) });
  return send(device, { method: 'PUT', ...extra, path, body, headers: { ...headers, ...(extra.headers ?? {}) } });
}

export function postJson(device: DeviceTarget, path: string, value: unknown, auth?: string | null): Promise<Response> {
  return send(device, {
    method: 'POST',
    path,
    body: JSON.stringify(value),
    headers: { 'content-type': 'application/json' },
    ...(auth === undefined ? {} : { auth }),
  });
}

/** The certificate a fresh TLS connection gets (no session reuse), as lower-case hex SHA-256 of the DER. */
export function servedFingerprint(device: DeviceTarget): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: device.host, port: device.port, rejectUnauthorized: false }, () => {
      const certificate = socket.getPeerCertificate();
      socket.destroy();
      resolve(certificate.fingerprint256.replaceAll(':', '').toLowerCase());
    });
    socket.on('error', reject);
  });
}

export function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase();
}

export interface IssuedPair {
  certificatePem: string;
  keyPem: string;
  key: KeyObject;
}

/** A lab CA (EC P-256, fast) made by @certwright/core. */
export function labCa(): Promise<LabCa> {
  return createLabCa({ keySpec: { type: 'ec', curve: 'P-256' } });
}

/** A leaf for 127.0.0.1 / localhost issued by the lab CA; RSA 2048 by default, as board files usually are. */
export async function issueLeaf(ca: LabCa, commonName: string, keyType: 'rsa' | 'ec' = 'ec'): Promise<IssuedPair> {
  const key: PrivateKey =
    keyType === 'rsa'
      ? await generateKey({ type: 'rsa', bits: 2048 })
      : await generateKey({ type: 'ec', curve: 'P-256' });
  const csr = await createCsr({
    key,
    subject: { cn: commonName },
    sans: [
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
    ],
  });
  const signed = await signCsr({ csr, issuerCertificate: ca.root.certificatePem, issuerKey: ca.root.key });
  return {
    certificatePem: signed.pem,
    keyPem: key.keyObject.export({ type: 'pkcs8', format: 'pem' }).toString(),
    key: key.keyObject,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds (polling); for device resets, whose end the test cannot observe otherwise. */
export async function waitFor(check: () => boolean | Promise<boolean>, limitMs = 10_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached');
    await sleep(20);
  }
}

/** Device `index` of a started simulator (throws rather than asserting non-null). */
export function deviceAt(handle: SimulatorHandle, index: number): SimulatedDevice {
  const device = handle.devices[index];
  if (!device) throw new Error(`no device ${index}`);
  return device;
}

/** POST actions/reset and wait until the device is back. */
export async function resetAndWait(device: SimulatedDevice, saveConfiguration: boolean): Promise<void> {
  const before = device.state().resets;
  const response = await postJson(device, '/api/v1/actions/reset', { saveConfiguration, gracefulTimeout: 0 });
  if (response.status !== 200) throw new Error(`reset answered ${response.status}`);
  await waitFor(() => device.state().resets === before + 1 && device.state().reachable);
}

/** Uploads a key, then its certificate, to context 0 (each must answer 200). */
export async function pushPair(device: SimulatedDevice, pair: IssuedPair): Promise<void> {
  for (const [path, pem] of [
    ['/api/v1/files/tls/0/privateKey', pair.keyPem],
    ['/api/v1/files/tls/0/certificate', pair.certificatePem],
  ] as const) {
    const response = await upload(device, path, pem);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.text}`);
  }
}

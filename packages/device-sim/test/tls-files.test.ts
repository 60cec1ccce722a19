import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { parseCsr, type LabCa } from '@certwright/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/start.js';
import { MAX_TRUSTED_ROOTS } from '../src/tls-routes.js';
import type { SimulatorHandle } from '../src/types.js';
import {
  deviceAt,
  fingerprintOf,
  type IssuedPair,
  issueLeaf,
  labCa,
  postJson,
  send,
  servedFingerprint,
  upload,
} from './helpers.js';

describe('simulator TLS context files', () => {
  let sim: SimulatorHandle;
  let ca: LabCa;
  let board: IssuedPair;
  let other: IssuedPair;
  beforeAll(async () => {
    sim = await startSimulator({ devices: 4 });
    ca = await labCa();
    board = await issueLeaf(ca, 'board', 'rsa');
    other = await issueLeaf(ca, 'other');
  });
  afterAll(() => sim.close());

  it('serves the old pair until key and certificate match, then new connections get the new certificate', async () => {
    const device = deviceAt(sim, 0);
    const factory = await servedFingerprint(device);
    expect(factory).toBe(device.servedFingerprint());
    const key = await upload(device, '/api/v1/files/tls/0/privateKey', board.keyPem);
    expect(key.json()).toEqual({ description: 'Private key was successfully changed' });
    expect((await send(device, { path: '/api/v1/files/tls/0/privateKey' })).json()).toEqual({
      size: 2048,
      valid: false,
    });
    expect(await servedFingerprint(device)).toBe(factory);
    const cert = await upload(device, '/api/v1/files/tls/0/certificate', board.certificatePem);
    expect(cert.json()).toEqual({ description: 'Certificate was successfully changed' });
    expect(await servedFingerprint(device)).toBe(fingerprintOf(board.certificatePem));
    expect(device.servedFingerprint()).toBe(fingerprintOf(board.certificatePem));
    const readBack = await send(device, { path: '/api/v1/files/tls/0/certificate', ca: ca.root.certificatePem });
    expect(readBack.headers['content-type']).toBe('application/octet-stream');
    expect(fingerprintOf(readBack.text)).toBe(fingerprintOf(board.certificatePem));
    expect((await send(device, { path: '/api/v1/files/tls/0/privateKey' })).json()).toEqual({
      size: 2048,
      valid: true,
    });
    expect((await send(device, { path: '/api/v1/status' })).json().saveNeeded).toBe('true');
  });

  it('refuses a certificate that does not match the key with 400 (refuse), stores it with valid=false (accept)', async () => {
    const device = deviceAt(sim, 1);
    const factory = device.servedFingerprint();
    const refused = await upload(device, '/api/v1/files/tls/0/certificate', other.certificatePem);
    expect(refused.status).toBe(400);
    expect(device.state().running.tlsContexts[0]?.certificatePem).not.toBe(other.certificatePem);
    device.setOpenItems({ certificateKeyMismatch: 'accept' });
    const accepted = await upload(device, '/api/v1/files/tls/0/certificate', other.certificatePem);
    expect(accepted.status).toBe(200);
    expect((await send(device, { path: '/api/v1/files/tls/0/privateKey' })).json().valid).toBe(false);
    // The listener keeps serving the old, matching pair.
    expect(await servedFingerprint(device)).toBe(factory);
    device.setOpenItems({ certificateKeyMismatch: 'refuse' });
  });

  it('refuses uploads that are not PEM, and a missing file part, with 400', async () => {
    const device = deviceAt(sim, 1);
    expect((await upload(device, '/api/v1/files/tls/0/certificate', 'hello')).status).toBe(400);
    expect((await upload(device, '/api/v1/files/tls/0/privateKey', 'hello')).status).toBe(400);
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    expect((await upload(device, '/api/v1/files/tls/0/trustedRoot', broken)).status).toBe(400);
    const noPart = await send(device, { method: 'PUT', path: '/api/v1/files/tls/0/certificate', body: 'x' });
    expect(noPart.status).toBe(400);
  });

  it('refuses a key of a size or type the device does not support', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    for (const pem of [small, ed]) {
      const response = await upload(deviceAt(sim, 1), '/api/v1/files/tls/0/privateKey', pem.toString());
      expect(response.status).toBe(400);
      expect(String(response.json().description)).toMatch(/bad size/);
    }
  });

  it('takes an encrypted key password from the query (default), ignoring a form field', async () => {
    const device = deviceAt(sim, 2);
    const encrypted = board.key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw-1' });
    const path = '/api/v1/files/tls/1/privateKey';
    expect((await upload(device, path, encrypted.toString(), { fields: { password: 'pw-1' } })).status).toBe(400);
    expect((await upload(device, `${path}?password=wrong`, encrypted.toString())).status).toBe(400);
    expect((await upload(device, `${path}?password=pw-1`, encrypted.toString())).status).toBe(200);
    const stored = device.state().running.tlsContexts[1]?.privateKeyPem ?? '';
    expect(createPrivateKey(stored).equals(board.key)).toBe(true);
  });

  it('takes the password from a form field when the open item says so, ignoring the query; legacy PEM too', async () => {
    const device = deviceAt(sim, 2);
    device.setOpenItems({ privateKeyPassword: 'form-field' });
    const legacy = board.key
      .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw-2' })
      .toString();
    expect(legacy).toContain('Proc-Type: 4,ENCRYPTED');
    const path = '/api/v1/files/tls/1/privateKey';
    expect((await upload(device, `${path}?password=pw-2`, legacy)).status).toBe(400);
    expect((await upload(device, path, legacy, { fields: { password: 'pw-2' } })).status).toBe(200);
    device.setOpenItems({ privateKeyPassword: 'query' });
  });

  it('generates a key on the device, then a self-signed certificate for it', async () => {
    const device = deviceAt(sim, 3);
    expect((await postJson(device, '/api/v1/files/tls/1/privateKey/generate', { size: 123 })).status).toBe(400);
    const generated = await postJson(device, '/api/v1/files/tls/1/privateKey/generate', { size: 2048 });
    expect(generated.status).toBe(200);
    expect((await send(device, { path: '/api/v1/files/tls/1/privateKey' })).json()).toEqual({
      size: 2048,
      valid: false,
    });
    const subject = { subjectName: 'sbc1.example.com', companyName: 'Example', countryCode: 'DE' };
    expect((await postJson(device, '/api/v1/files/tls/1/certificate/generate', { countryCode: 'DE' })).status).toBe(
      400,
    );
    expect((await postJson(device, '/api/v1/files/tls/1/certificate/generate', subject)).status).toBe(200);
    expect((await send(device, { path: '/api/v1/files/tls/1/privateKey' })).json()).toEqual({
      size: 2048,
      valid: true,
    });
    const certificate = new X509Certificate(device.state().running.tlsContexts[1]?.certificatePem ?? '');
    expect(certificate.subject).toContain('CN=sbc1.example.com');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
  });

  it('makes a CSR with the subject and no SANs; the key stays on the device', async () => {
    const device = deviceAt(sim, 3);
    const body = { subjectName: 'sbc1.example.com', organizationalUnit: 'Voice', signatureAlgorithm: 'sha512' };
    const response = await postJson(device, '/api/v1/files/tls/1/certificate/request', body);
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('PRIVATE KEY');
    const csr = await parseCsr(response.text);
    expect(csr.subjectText).toContain('sbc1.example.com');
    expect(csr.sans).toEqual([]);
    const keyPem = device.state().running.tlsContexts[1]?.privateKeyPem ?? '';
    const devicePublic = createPublicKey(keyPem).export({ type: 'spki', format: 'der' });
    expect(Buffer.from(csr.spkiDer).equals(devicePublic)).toBe(true);
    const bad = await postJson(device, '/api/v1/files/tls/1/certificate/request', {
      ...body,
      signatureAlgorithm: 'md5',
    });
    expect(bad.status).toBe(400);
  });

  it('replaces the trusted root store, adds one root incrementally, and refuses beyond the limit', async () => {
    const device = deviceAt(sim, 3);
    const second = await labCa();
    const replaced = await upload(device, '/api/v1/files/tls/0/trustedRoot', ca.root.certificatePem);
    expect(replaced.status).toBe(200);
    const added = await upload(device, '/api/v1/files/tls/0/trustedRoot/incremental', second.root.certificatePem);
    expect(added.json()).toEqual({ description: 'Trusted root certificate was successfully added' });
    const roots = (await send(device, { path: '/api/v1/files/tls/0/trustedRoot' })).text;
    expect(roots.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    const twoAtOnce = `${ca.root.certificatePem}${second.root.certificatePem}`;
    expect((await upload(device, '/api/v1/files/tls/0/trustedRoot/incremental', twoAtOnce)).status).toBe(400);

    const many = Array.from({ length: MAX_TRUSTED_ROOTS + 1 }, () => ca.root.certificatePem).join('');
    expect((await upload(device, '/api/v1/files/tls/0/trustedRoot', many)).status).toBe(400);
    const full = Array.from({ length: MAX_TRUSTED_ROOTS }, () => other.certificatePem).join('');
    expect((await upload(device, '/api/v1/files/tls/0/trustedRoot', full)).status).toBe(200);
    expect(device.state().running.tlsContexts[0]?.trustedRootsPem).toHaveLength(MAX_TRUSTED_ROOTS);
    const oneMore = await upload(device, '/api/v1/files/tls/0/trustedRoot/incremental', second.root.certificatePem);
    expect(oneMore.status).toBe(400);
  });

  it('lists the contexts at GET /files/tls, or answers 404 when the open item says so', async () => {
    const device = deviceAt(sim, 3);
    const list = await send(device, { path: '/api/v1/files/tls' });
    expect(list.json()).toEqual({
      tls: [
        { id: 0, name: 'default' },
        { id: 1, name: 'context1' },
      ],
    });
    device.setOpenItems({ tlsContextList: 'not-found' });
    expect((await send(device, { path: '/api/v1/files/tls' })).status).toBe(404);
    device.setOpenItems({ tlsContextList: 'supported' });
  });

  it('never returns a private key over REST', async () => {
    const device = deviceAt(sim, 0);
    for (const path of ['/api/v1/files/tls/0/privateKey', '/api/v1/files/ini', '/api/v1/files/tls/0/certificate']) {
      expect((await send(device, { path })).text).not.toContain('PRIVATE KEY');
    }
  });
});

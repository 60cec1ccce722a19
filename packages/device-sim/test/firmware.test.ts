import { createPrivateKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSimArgs, UsageError } from '../src/cli-options.js';
import { FIRMWARE_NAMES, FIRMWARES } from '../src/firmware.js';
import { startSimulator } from '../src/start.js';
import type { SimulatorHandle } from '../src/types.js';
import {
  deviceAt,
  fingerprintOf,
  issueLeaf,
  labCa,
  postJson,
  pushPair,
  resetAndWait,
  send,
  servedFingerprint,
  upload,
} from './helpers.js';

const running: SimulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function start(options: Parameters<typeof startSimulator>[0]): Promise<SimulatorHandle> {
  const sim = await startSimulator({ faults: { resetDowntimeMs: 30 }, ...options });
  running.push(sim);
  return sim;
}

function save(device: { host: string; port: number }) {
  return send(device, {
    method: 'POST',
    path: '/api/v1/actions/saveConfiguration',
    headers: { 'content-length': '0' },
  });
}

describe('--firmware', () => {
  it('names a family and a bundle of open-item answers; --profile must agree; --open-item overrides one', async () => {
    expect(FIRMWARE_NAMES).toEqual(['mediant-7.4', 'mediant-7.4-other', 'mediant-7.4-reset', 'mp11x-6.6']);
    expect(parseSimArgs(['--firmware', 'mp11x-6.6']).simulator).toMatchObject({ firmware: 'mp11x-6.6' });
    expect(() => parseSimArgs(['--firmware', 'mp11x-6.6', '--profile', 'mediant'])).toThrow(UsageError);
    expect(() => parseSimArgs(['--firmware', 'mediant-9'])).toThrow(UsageError);
    const sim = await start({ firmware: 'mediant-7.4-other', openItems: { chainUpload: 'accept' } });
    const device = deviceAt(sim, 0);
    expect(device.state()).toMatchObject({ profile: 'mediant', firmware: 'mediant-7.4-other' });
    const status = (await send(device, { path: '/api/v1/status' })).json();
    expect(status.saveNeeded).toBe(false);
    await expect(startSimulator({ firmware: 'mp11x-6.6', profile: 'mediant' })).rejects.toThrow(/mp1xx/);
    expect((await start({ profile: 'mp1xx' })).devices[0]?.state().firmware).toBe('mp11x-6.6');
    expect(FIRMWARES['mediant-7.4-reset'].openItems.certificateEffective).toBe('after-reset');
  });

  it('after-save: the listener takes the new pair at saveConfiguration', async () => {
    const sim = await start({ openItems: { certificateEffective: 'after-save' } });
    const device = deviceAt(sim, 0);
    const before = device.servedFingerprint();
    const board = await issueLeaf(await labCa(), 'board');
    await pushPair(device, board);
    expect(await servedFingerprint(device)).toBe(before);
    expect((await save(device)).status).toBe(200);
    expect(await servedFingerprint(device)).toBe(fingerprintOf(board.certificatePem));
  });

  it('after-reset: served only after a reset, on what was saved; resetNeeded says so meanwhile', async () => {
    const sim = await start({ firmware: 'mediant-7.4-reset' });
    const device = deviceAt(sim, 0);
    const before = device.servedFingerprint();
    const board = await issueLeaf(await labCa(), 'board');
    await pushPair(device, board);
    await save(device);
    expect(await servedFingerprint(device)).toBe(before);
    expect((await send(device, { path: '/api/v1/status' })).json().resetNeeded).toBe('true');
    await resetAndWait(device, false);
    expect(await servedFingerprint(device)).toBe(fingerprintOf(board.certificatePem));
    expect((await send(device, { path: '/api/v1/status' })).json().resetNeeded).toBe('false');
  });

  it('pkcs1-only: refuses PKCS#8 (plain or encrypted) with 400, takes PKCS#1 RSA and SEC1 EC', async () => {
    const sim = await start({ openItems: { privateKeyFormat: 'pkcs1-only' } });
    const device = deviceAt(sim, 0);
    const ca = await labCa();
    const rsa = await issueLeaf(ca, 'rsa', 'rsa');
    const ec = await issueLeaf(ca, 'ec');
    const path = '/api/v1/files/tls/1/privateKey';
    expect((await upload(device, path, rsa.keyPem)).status).toBe(400);
    const encrypted = rsa.key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'p' });
    expect((await upload(device, `${path}?password=p`, encrypted.toString())).status).toBe(400);
    const pkcs1 = rsa.key.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect((await upload(device, path, pkcs1)).status).toBe(200);
    const sec1 = createPrivateKey(ec.keyPem).export({ type: 'sec1', format: 'pem' }).toString();
    expect((await upload(device, path, sec1)).status).toBe(200);
  });

  it('privateKeyTypes rsa-only: refuses an EC key upload with 400, takes RSA; rsa-and-ec takes both', async () => {
    const ca = await labCa();
    const [rsa, ec] = [await issueLeaf(ca, 'rsa', 'rsa'), await issueLeaf(ca, 'ec')];
    const path = '/api/v1/files/tls/1/privateKey';
    const rsaOnly = deviceAt(await start({ openItems: { privateKeyTypes: 'rsa-only' } }), 0);
    const refused = await upload(rsaOnly, path, ec.keyPem);
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/RSA only/);
    expect((await upload(rsaOnly, path, rsa.keyPem)).status).toBe(200);
    const both = deviceAt(await start({}), 0);
    expect((await upload(both, path, ec.keyPem)).status).toBe(200);
    expect((await upload(both, path, rsa.keyPem)).status).toBe(200);
  });

  it('chainUpload: a leaf with its intermediate is stored and served as a chain, or refused with 400', async () => {
    const ca = await labCa();
    const board = await issueLeaf(ca, 'board');
    const chain = `${board.certificatePem}${ca.root.certificatePem}`;
    const accepting = deviceAt(await start({}), 0);
    await upload(accepting, '/api/v1/files/tls/0/privateKey', board.keyPem);
    expect((await upload(accepting, '/api/v1/files/tls/0/certificate', chain)).status).toBe(200);
    expect((await send(accepting, { path: '/api/v1/files/tls/0/certificate' })).text).toContain(
      ca.root.certificatePem.trim().split('\n')[1],
    );
    const refusing = deviceAt(await start({ openItems: { chainUpload: 'refuse' } }), 0);
    await upload(refusing, '/api/v1/files/tls/0/privateKey', board.keyPem);
    expect((await upload(refusing, '/api/v1/files/tls/0/certificate', chain)).status).toBe(400);
    expect((await upload(refusing, '/api/v1/files/tls/0/certificate', board.certificatePem)).status).toBe(200);
  });

  it('privateKey/generate: 1024 bits when no size is given; slow firmware answers late but makes the key', async () => {
    const sim = await start({ openItems: { keyGeneration: 'slow' } });
    const device = deviceAt(sim, 0);
    expect((await postJson(device, '/api/v1/files/tls/1/privateKey/generate', {})).status).toBe(200);
    expect((await send(device, { path: '/api/v1/files/tls/1/privateKey' })).json().size).toBe(1024);
    const late = send(device, {
      method: 'POST',
      path: '/api/v1/files/tls/1/privateKey/generate',
      body: JSON.stringify({ size: 2048 }),
      headers: { 'content-type': 'application/json' },
      timeoutMs: 100,
    });
    await expect(late).rejects.toThrow(/timeout/);
    // The client gave up; the device went on and holds a new 2048-bit key.
    const { waitFor } = await import('./helpers.js');
    await waitFor(async () => (await send(device, { path: '/api/v1/files/tls/1/privateKey' })).json().size === 2048);
  });

  it('a clock offset shows in localTimeStamp and the Date header; NTPServerIP and the QoE context are the site setup', async () => {
    const hour = 3_600_000;
    const sim = await start({ clockOffsetMs: -hour, ntpServer: '', openItems: { qoeTlsContext: 'own' } });
    const device = deviceAt(sim, 0);
    const response = await send(device, { path: '/api/v1/status' });
    const deviceTime = Date.parse(String(response.json().localTimeStamp));
    const headerTime = Date.parse(String(response.headers.date));
    for (const time of [deviceTime, headerTime]) {
      expect(Date.now() - time).toBeGreaterThan(hour - 60_000);
      expect(Date.now() - time).toBeLessThan(hour + 60_000);
    }
    const ini = (await send(device, { path: '/api/v1/files/ini' })).text;
    expect(ini).toContain('NTPServerIP = 0.0.0.0');
    expect(ini).toContain("QoETLSContextName = 'QoE'");
    expect(ini).toContain('TLSContexts 1 = "QoE"');
    expect(deviceAt(await start({}), 0).state().running.parameters.NTPServerIP).toBe('192.0.2.123');
  });
});

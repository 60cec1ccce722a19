import type { LabCa } from '@certwright/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../src/start.js';
import type { SimulatorHandle } from '../src/types.js';
import {
  deviceAt,
  fingerprintOf,
  type IssuedPair,
  issueLeaf,
  labCa,
  postJson,
  pushPair,
  resetAndWait,
  send,
  servedFingerprint,
  upload,
  waitFor,
} from './helpers.js';

const DOWNTIME_MS = 100;

describe('simulator configuration: ini, save, reset', () => {
  let sim: SimulatorHandle;
  let ca: LabCa;
  let board: IssuedPair;
  beforeAll(async () => {
    sim = await startSimulator({ devices: 6, faults: { resetDowntimeMs: DOWNTIME_MS } });
    ca = await labCa();
    board = await issueLeaf(ca, 'board');
  });
  afterAll(() => sim.close());

  it('applies an incremental ini to running, keeps saved until saveConfiguration', async () => {
    const device = deviceAt(sim, 0);
    const ini = "[SYSTEM Params]\naupdverifycertificates = 1\nUnknownThing = 3\nIniFileURL = 'https://ovoc/x.ini'\n";
    expect((await upload(device, '/api/v1/files/ini/incremental', ini)).status).toBe(200);
    expect(device.state().running.parameters.AUPDVerifyCertificates).toBe('1');
    expect(device.state().saved.parameters.AUPDVerifyCertificates).toBe('0');
    expect(device.state().running.parameters).not.toHaveProperty('UnknownThing');
    // The 7.4 Status page writes these flags as strings.
    expect((await send(device, { path: '/api/v1/status' })).json().saveNeeded).toBe('true');
    const text = (await send(device, { path: '/api/v1/files/ini' })).text;
    expect(text).toContain('AUPDVerifyCertificates = 1');
    expect(text).toContain("IniFileURL = 'https://ovoc/x.ini'");
    expect(text).toContain('[ TLSContexts ]');
    const save = await send(device, {
      method: 'POST',
      path: '/api/v1/actions/saveConfiguration',
      headers: { 'content-length': '0' },
    });
    expect(save.status).toBe(200);
    expect(device.state().saved.parameters.AUPDVerifyCertificates).toBe('1');
    expect(device.state().saveNeeded).toBe(false);
  });

  it('refuses an ini with lines it cannot read, and writes the older FORMAT style when told', async () => {
    const device = deviceAt(sim, 0);
    expect((await upload(device, '/api/v1/files/ini/incremental', 'not an ini line\n')).status).toBe(400);
    device.setOpenItems({ iniTableFormat: 'prefixed' });
    const text = (await send(device, { path: '/api/v1/files/ini' })).text;
    expect(text).toContain('FORMAT TLSContexts_Index = TLSContexts_Name');
    device.setOpenItems({ iniTableFormat: 'index' });
  });

  it('names and creates TLS contexts from an incremental [ TLSContexts ] table', async () => {
    const device = deviceAt(sim, 0);
    const ini = '[ TLSContexts ]\nFORMAT Index = Name;\nTLSContexts 2 = "OVOC";\n[ \\TLSContexts ]\n';
    expect((await upload(device, '/api/v1/files/ini/incremental', ini)).status).toBe(200);
    expect(device.state().running.tlsContexts[2]?.name).toBe('OVOC');
    const list = (await send(device, { path: '/api/v1/files/tls' })).json();
    expect(list.tls).toContainEqual({ id: 2, name: 'OVOC' });
    // A new context holds no files until some are uploaded or generated: an empty resource is 400 (or 200 empty).
    expect((await send(device, { path: '/api/v1/files/tls/2/certificate' })).status).toBe(400);
    expect((await send(device, { path: '/api/v1/files/tls/2/trustedRoot' })).status).toBe(400);
    device.setOpenItems({ emptyResource: 200 });
    const empty = await send(device, { path: '/api/v1/files/tls/2/trustedRoot' });
    expect([empty.status, empty.text]).toEqual([200, '']);
    device.setOpenItems({ emptyResource: 400 });
    expect((await send(device, { path: '/api/v1/files/tls/2/privateKey' })).json()).toEqual({ size: 0, valid: false });
    const noKey = await postJson(device, '/api/v1/files/tls/2/certificate/request', { subjectName: 'x' });
    expect(noKey.status).toBe(400);
  });

  it('runs a CLI script and replies with output', async () => {
    const response = await upload(deviceAt(sim, 0), '/api/v1/files/cliScript/incremental', 'configure system\n exit\n');
    expect(response.status).toBe(200);
    expect(response.json().output).toContain('configure system');
  });

  it('a reset without save returns to saved; TLS files revert (revert-unless-saved)', async () => {
    const device = deviceAt(sim, 1);
    const factory = device.servedFingerprint();
    await pushPair(device, board);
    await upload(device, '/api/v1/files/ini/incremental', 'AUPDVerifyCertificates = 1\n');
    expect(await servedFingerprint(device)).toBe(fingerprintOf(board.certificatePem));
    await resetAndWait(device, false);
    const state = device.state();
    expect(state.running.parameters.AUPDVerifyCertificates).toBe('0');
    expect(state.running.tlsContexts[0]?.certificatePem).toBe(state.saved.tlsContexts[0]?.certificatePem);
    expect(await servedFingerprint(device)).toBe(factory);
    expect(state.saveNeeded).toBe(false);
  });

  it('a reset without save keeps TLS files that persist at once, but loses unsaved parameters', async () => {
    const device = deviceAt(sim, 2);
    device.setOpenItems({ tlsFilesOnReset: 'persist-at-once' });
    await pushPair(device, board);
    await upload(device, '/api/v1/files/ini/incremental', 'AUPDVerifyCertificates = 1\n');
    await resetAndWait(device, false);
    expect(device.state().running.parameters.AUPDVerifyCertificates).toBe('0');
    expect(await servedFingerprint(device)).toBe(fingerprintOf(board.certificatePem));
    expect(device.state().saved.tlsContexts[0]?.certificatePem).toBe(
      device.state().running.tlsContexts[0]?.certificatePem,
    );
  });

  it('a reset with saveConfiguration keeps everything; the device is unreachable meanwhile', async () => {
    const device = deviceAt(sim, 3);
    // A long window, so the refused request surely lands inside it.
    device.setFaults({ resetDowntimeMs: 2_000 });
    await pushPair(device, board);
    const response = await postJson(device, '/api/v1/actions/reset', { saveConfiguration: true, gracefulTimeout: 0 });
    expect(response.status).toBe(200);
    await waitFor(() => !device.state().reachable);
    await expect(send(device, { path: '/api/v1/status', timeoutMs: 2_000 })).rejects.toThrow();
    await waitFor(() => device.state().reachable);
    expect(await servedFingerprint(device)).toBe(fingerprintOf(board.certificatePem));
    expect(device.state().resets).toBe(1);
    expect((await postJson(device, '/api/v1/actions/reset', { saveConfiguration: 'yes' })).status).toBe(400);
  });

  it('a full ini replaces the parameters, is saved, and resets the device', async () => {
    const device = deviceAt(sim, 4);
    await upload(device, '/api/v1/files/ini/incremental', 'AUPDVerifyCertificates = 1\nQOEEnableTLS = 1\n');
    const response = await upload(device, '/api/v1/files/ini', 'HTTPSRequireClientCertificate = 0\nQOEEnableTLS = 1\n');
    expect(response.status).toBe(200);
    await waitFor(() => device.state().resets === 1 && device.state().reachable);
    expect(device.state().saved.parameters).toEqual({
      AUPDVerifyCertificates: '0',
      HTTPSRequireClientCertificate: '0',
      NTPServerIP: '0.0.0.0',
      QOEEnableTLS: '1',
    });
  });

  it('demands a client certificate chained to context 0 roots once HTTPSRequireClientCertificate = 1 is saved and reset', async () => {
    const device = deviceAt(sim, 5);
    const client = await issueLeaf(ca, 'ovoc-client');
    const stranger = await issueLeaf(await labCa(), 'stranger');
    await pushPair(device, board);
    await upload(device, '/api/v1/files/tls/0/trustedRoot', ca.root.certificatePem);
    await upload(device, '/api/v1/files/ini/incremental', 'HTTPSRequireClientCertificate = 1\n');
    // Not yet in force: running only.
    expect((await send(device, { path: '/api/v1/status' })).json().resetNeeded).toBe('true');
    await resetAndWait(device, true);
    await expect(send(device, { path: '/api/v1/status', ca: ca.root.certificatePem })).rejects.toThrow();
    const withStranger = { cert: stranger.certificatePem, key: stranger.keyPem };
    await expect(send(device, { path: '/api/v1/status', clientCert: withStranger })).rejects.toThrow();
    const withClient = { cert: client.certificatePem, key: client.keyPem };
    const ok = await send(device, { path: '/api/v1/status', ca: ca.root.certificatePem, clientCert: withClient });
    expect(ok.status).toBe(200);
    expect(ok.json().resetNeeded).toBe('false');
  });
});

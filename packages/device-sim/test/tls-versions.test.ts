import { X509Certificate } from 'node:crypto';
import { connect, type SecureVersion } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSimArgs, UsageError } from '../src/cli-options.js';
import { startSimulator } from '../src/start.js';
import { listenerTlsOptions } from '../src/tls-versions.js';
import type { SimulatorHandle } from '../src/types.js';
import { deviceAt, issueLeaf, labCa, postJson, upload, waitFor } from './helpers.js';

const running: SimulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** The version a handshake pinned to `version` agrees on, or the error code it ends with. */
function handshake(port: number, version: SecureVersion): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(
      {
        host: '127.0.0.1',
        port,
        rejectUnauthorized: false,
        minVersion: version,
        maxVersion: version,
        // The client side of an old version needs the lowered security level too.
        ciphers: 'DEFAULT@SECLEVEL=0',
      },
      () => {
        resolve(socket.getProtocol() ?? '?');
        socket.destroy();
      },
    );
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(`refused (${error.code ?? error.message})`));
  });
}

async function accepted(port: number): Promise<string[]> {
  const versions: SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const results = await Promise.all(versions.map((version) => handshake(port, version)));
  return versions.filter((version, index) => results[index] === version);
}

describe('--tls-versions', () => {
  it('maps a list to a range, closes gaps with SSL_OP_NO_* and lowers the security level only for 1.0/1.1', () => {
    expect(listenerTlsOptions(undefined)).toEqual({});
    expect(listenerTlsOptions(['1.2', '1.3'])).toEqual({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
    const gap = listenerTlsOptions(['1.3', '1.0']);
    expect(gap).toMatchObject({ minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: 'DEFAULT@SECLEVEL=0' });
    expect(gap.secureOptions).toBeGreaterThan(0);
    expect(() => listenerTlsOptions([])).toThrow(RangeError);
  });

  it('parses the option and refuses unknown or repeated versions', () => {
    expect(parseSimArgs(['--tls-versions', '1.0,1.1,1.2,1.3']).simulator.tlsVersions).toEqual([
      '1.0',
      '1.1',
      '1.2',
      '1.3',
    ]);
    expect(parseSimArgs([]).simulator.tlsVersions).toBeUndefined();
    expect(() => parseSimArgs(['--tls-versions', '1.2,2.0'])).toThrow(UsageError);
    expect(() => parseSimArgs(['--tls-versions', '1.2,1.2'])).toThrow(UsageError);
    expect(() => parseSimArgs(['--tls-versions', ''])).toThrow(UsageError);
  });

  it('accepts 1.2 and 1.3 only by default', async () => {
    const sim = await startSimulator({});
    running.push(sim);
    expect(await accepted(deviceAt(sim, 0).port)).toEqual(['TLSv1.2', 'TLSv1.3']);
  });

  it('accepts exactly the listed versions, also after the served certificate changes and after a reset', async () => {
    const sim = await startSimulator({ tlsVersions: ['1.0', '1.2'], faults: { resetDowntimeMs: 50 } });
    running.push(sim);
    const device = deviceAt(sim, 0);
    expect(await accepted(device.port)).toEqual(['TLSv1', 'TLSv1.2']);
    const pair = await issueLeaf(await labCa(), 'board');
    expect((await upload(device, '/api/v1/files/tls/0/privateKey', pair.keyPem)).status).toBe(200);
    expect((await upload(device, '/api/v1/files/tls/0/certificate', pair.certificatePem)).status).toBe(200);
    expect(device.servedFingerprint()).toBe(
      new X509Certificate(pair.certificatePem).fingerprint256.replaceAll(':', '').toLowerCase(),
    );
    expect(await accepted(device.port)).toEqual(['TLSv1', 'TLSv1.2']);
    expect((await postJson(device, '/api/v1/actions/reset', { saveConfiguration: true })).status).toBe(200);
    await waitFor(() => device.state().resets === 1 && device.state().reachable);
    expect(await accepted(device.port)).toEqual(['TLSv1', 'TLSv1.2']);
  });
});

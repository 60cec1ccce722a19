import { generateKey } from '@certwright/core';
import { describe, expect, it } from 'vitest';
import { assertDevicesTakeKey, DeviceError, keyTypesTaken } from '../../src/index.js';

describe('the key types a device family takes', () => {
  it('mp1xx takes RSA only; mediant RSA and EC', () => {
    expect(keyTypesTaken('mp1xx')).toEqual(['rsa']);
    expect(keyTypesTaken('mediant')).toEqual(['rsa', 'ec']);
  });

  it('refuses an EC key for the first mp1xx device, its name escaped onto one line', async () => {
    const ec = await generateKey({ type: 'ec', curve: 'P-256' });
    const devices = [
      { name: 'sbc-1', profile: 'mediant' as const },
      { name: 'mp\n7\u202e', profile: 'mp1xx' as const },
    ];
    const refused = (() => {
      try {
        assertDevicesTakeKey(ec, devices);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(DeviceError);
    expect(refused).toMatchObject({ code: 'ERR_DEVICE_PREFLIGHT', field: 'key' });
    expect((refused as DeviceError).message).toContain('device mp\\u000a7\\u202e (profile mp1xx) takes RSA keys only');
    expect((refused as DeviceError).message).not.toMatch(/[\n\u202e]/);
    expect(() => assertDevicesTakeKey(ec, devices.slice(0, 1))).not.toThrow();
  });

  it('lets an RSA key through for every profile', async () => {
    const rsa = await generateKey({ type: 'rsa', bits: 2048 });
    expect(() => assertDevicesTakeKey(rsa, [{ name: 'mp-7', profile: 'mp1xx' }])).not.toThrow();
  });
});

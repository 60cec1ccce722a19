import { describe, expect, it } from 'vitest';
import { multipartBody } from '../../src/client/multipart.js';
import { backoffDelay, withRetry } from '../../src/client/retry.js';
import { normalizeFingerprint } from '../../src/client/tls-trust.js';
import { parseCsv } from '../../src/fleet/csv.js';
import { mapBounded } from '../../src/fleet/pool.js';
import { readIniParameters } from '../../src/profiles/ini-values.js';
import {
  countLine,
  createProgress,
  DeviceError,
  type DeviceReport,
  incrementalIni,
  inventoryFormat,
  parseInventory,
  reportTable,
} from '../../src/index.js';

const PIN = `${'AB:'.repeat(31)}AB`;

describe('inventory', () => {
  it('reads CSV with quotes, defaults and normalized pins', () => {
    const csv = `name,host,port,username,pin_sha256,password_env\r\n"sbc, one",10.0.0.1,8443,Admin,${PIN},SBC_PW\n\nsbc2,10.0.0.2,,Admin,,\n`;
    const entries = parseInventory(csv, 'csv');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      name: 'sbc, one',
      port: 8443,
      pinSha256: 'ab'.repeat(32),
      passwordEnv: 'SBC_PW',
    });
    expect(entries[1]).toMatchObject({ name: 'sbc2', port: 443, profile: 'mediant', tlsContext: 0, protocol: 'https' });
  });

  it('reads JSON and YAML lists and the { devices } form, with the default TLS context', () => {
    const json = JSON.stringify({ devices: [{ host: 'a', username: 'u', port: 1, tls_context: 2 }] });
    expect(parseInventory(json, 'json')[0]).toMatchObject({ name: 'a', tlsContext: 2 });
    const yaml = '- name: gw\n  host: b\n  username: u\n  profile: mp1xx\n  password_file: pw.txt\n';
    expect(parseInventory(yaml, 'yaml', { defaultTlsContext: 3 })[0]).toMatchObject({
      profile: 'mp1xx',
      tlsContext: 3,
      passwordFile: 'pw.txt',
    });
  });

  it('refuses a plain password unless allowed', () => {
    const csv = 'host,username,password\nh,u,secret\n';
    expect(() => parseInventory(csv, 'csv')).toThrow(/allow-plaintext-passwords/);
    const error = catchError(() => parseInventory(csv, 'csv'));
    expect(error).toBeInstanceOf(DeviceError);
    expect((error as DeviceError).code).toBe('ERR_DEVICE_INVENTORY');
    expect((error as DeviceError).message).not.toContain('secret');
    expect(parseInventory(csv, 'csv', { allowPlaintextPasswords: true })[0]?.password).toBe('secret');
  });

  it.each([
    ['unknown field', 'host,username,pasword_env\nh,u,X\n', /row 1: pasword_env: unknown field/],
    ['missing host', 'name,username\nn,u\n', /row 1: host: is required/],
    ['missing username', 'host\nh\n', /row 1: username: is required/],
    ['bad port', 'host,username,port\nh,u,70000\n', /port: must be a whole number from 1 to 65535/],
    ['bad pin', 'host,username,pin_sha256\nh,u,abcd\n', /64 hex/],
    ['duplicate', 'host,username\nh,u\nh,u\n', /appears twice/],
    ['two password sources', 'host,username,password_env,password_file\nh,u,A,f\n', /only one/],
    ['bad profile', 'host,username,profile\nh,u,ios\n', /profile: must be one of mediant, mp1xx/],
  ])('refuses %s', (_label, csv, pattern) => {
    expect(() => parseInventory(csv, 'csv')).toThrow(pattern);
  });

  it('reads the firmware and behind_nat columns', () => {
    const csv = 'host,username,firmware,behind_nat\nh1,u,7.40A.500.000,yes\nh2,u,,\n';
    const [first, second] = parseInventory(csv, 'csv');
    expect(first).toMatchObject({ firmware: '7.40A.500.000', behindNat: true });
    expect(second).toMatchObject({ firmware: undefined, behindNat: false });
    expect(() => parseInventory('host,username,behind_nat\nh,u,maybe\n', 'csv')).toThrow(
      /behind_nat: must be yes or no/,
    );
  });

  // Issue 16: values are type-checked. Before, `String({ toString: 1 })` threw a TypeError (exit 70).
  it.each([
    ['an object as password', { password: { toString: 1 } }, /row 1: password: must be text/],
    ['a number as password', { password: 1234 }, /row 1: password: must be text/],
    ['an object as host', { host: { toString: 1 } }, /row 1: host: must be a non-empty text/],
    ['a list as username', { username: ['a'] }, /row 1: username: must be a non-empty text/],
    ['a boolean as port', { port: true }, /row 1: port: must be a whole number from 1 to 65535/],
  ])('refuses %s with an inventory error, not a TypeError', (_label, fields, pattern) => {
    const row = { host: 'h', username: 'u', ...fields };
    const error = catchError(() => parseInventory(JSON.stringify([row]), 'json', { allowPlaintextPasswords: true }));
    expect(error).toBeInstanceOf(DeviceError);
    expect((error as DeviceError).code).toBe('ERR_DEVICE_INVENTORY');
    expect((error as DeviceError).message).toMatch(pattern);
  });

  it('refuses broken JSON and non-lists, and picks the format from the file name', () => {
    expect(() => parseInventory('{', 'json')).toThrow(/not valid JSON/);
    expect(() => parseInventory('{"a":1}', 'json')).toThrow(/list of devices/);
    expect(inventoryFormat('x/devices.YML')).toBe('yaml');
    expect(inventoryFormat('d.csv')).toBe('csv');
    expect(() => inventoryFormat('d.txt')).toThrow(/must end in/);
  });

  it('parses CSV edge cases', () => {
    expect(parseCsv('a,"b ""q""",c\n1,"x\ny",\n')).toEqual([
      ['a', 'b "q"', 'c'],
      ['1', 'x\ny', ''],
    ]);
    expect(parseCsv('\uFEFFa\n\n  \nb')).toEqual([['a'], ['b']]);
    // An open quote never closed would swallow the rest of the file into one cell.
    expect(() => parseCsv('name,host\nd1,h1\n"d2,h2\nd3,h3\n')).toThrow('line 3: a quoted field is never closed');
  });
});

describe('retry policy', () => {
  const noSleep = { sleep: async () => {} };

  it('backs off exponentially with full jitter under a cap', () => {
    const policy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 };
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(policy, retry))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay({ ...policy, random: () => 0 }, 4)).toBe(0);
  });

  it('retries 409, 5xx, timeouts and connection errors up to the cap', async () => {
    for (const code of [
      'ERR_DEVICE_BUSY',
      'ERR_DEVICE_SERVER_ERROR',
      'ERR_DEVICE_TIMEOUT',
      'ERR_DEVICE_CONNECTION',
    ] as const) {
      let calls = 0;
      const retries: number[] = [];
      const failing = withRetry(
        { attempts: 4, baseDelayMs: 1, maxDelayMs: 1, ...noSleep },
        async () => {
          calls++;
          throw new DeviceError(code, 'x', { device: 'd' });
        },
        (_error, retry) => retries.push(retry),
      );
      await expect(failing).rejects.toMatchObject({ code });
      expect(calls).toBe(4);
      expect(retries).toEqual([1, 2, 3]);
    }
  });

  it('never retries 401, 403 or other errors', async () => {
    for (const code of ['ERR_DEVICE_UNAUTHORIZED', 'ERR_DEVICE_FORBIDDEN', 'ERR_DEVICE_BAD_REQUEST'] as const) {
      let calls = 0;
      const failing = withRetry({ attempts: 5, baseDelayMs: 1, maxDelayMs: 1, ...noSleep }, async () => {
        calls++;
        throw new DeviceError(code, 'x', { device: 'd', status: 401 });
      });
      await expect(failing).rejects.toMatchObject({ code });
      expect(calls).toBe(1);
    }
    let calls = 0;
    await expect(
      withRetry({ attempts: 5, baseDelayMs: 1, maxDelayMs: 1, ...noSleep }, async () => {
        calls++;
        throw new Error('bug');
      }),
    ).rejects.toThrow('bug');
    expect(calls).toBe(1);
  });

  it('returns the first success', async () => {
    let calls = 0;
    const value = await withRetry({ attempts: 5, baseDelayMs: 1, maxDelayMs: 1, ...noSleep }, async () => {
      calls++;
      if (calls < 3) throw new DeviceError('ERR_DEVICE_BUSY', 'x', { device: 'd', status: 409 });
      return 'ok';
    });
    expect([value, calls]).toEqual(['ok', 3]);
  });
});

describe('report', () => {
  const report = (name: string, state: DeviceReport['state'], command?: string): DeviceReport => ({
    name,
    host: 'h',
    port: 1,
    profile: 'mediant',
    state,
    changes: [],
    verified: [],
    retries: 0,
    errors: [],
    warnings: state === 'pending-reset' ? [{ code: 'WARN_DEVICE_PENDING_RESET', message: 'reset it' }] : [],
    summary: `s-${name}`,
    command,
  });

  it('counts states in a fixed order and lists the commands that complete a push', () => {
    const reports = [
      report('a', 'failed'),
      report('b', 'updated'),
      report('c', 'needs-attention', 'certwright x'),
      report('d', 'pending-reset', 'certwright x --allow-reset'),
    ];
    expect(countLine(reports)).toBe('1 updated, 1 pending-reset, 1 needs-attention, 1 failed');
    const table = reportTable(reports);
    expect(table).toMatch(/^DEVICE\s+STATE\s+DETAIL\n/);
    expect(table).toContain('b       updated          s-b');
    expect(table).toContain('to complete c: certwright x');
    expect(table).toContain('d: WARN_DEVICE_PENDING_RESET: reset it');
    expect(countLine([])).toBe('no devices');
  });
});

describe('progress', () => {
  it('redraws one bar on a terminal, and writes a plain line per device otherwise', () => {
    let terminal = '';
    const bar = createProgress({ write: (text: string) => (terminal += text) }, 3, true);
    bar.retrying('a');
    bar.finished('a', 'updated', 'x');
    bar.finished('b', 'failed', 'y');
    bar.end();
    expect(terminal).toContain('\r[####################..........] 2/3  done 1  failed 1  retrying 1');
    expect(terminal.endsWith('\n')).toBe(true);
    let plain = '';
    const lines = createProgress({ write: (text: string) => (plain += text) }, 2, false);
    lines.retrying('a');
    lines.finished('a', 'needs-attention', 'ERR_DEVICE_BAD_REQUEST …');
    lines.end();
    expect(plain).toBe('a: needs-attention — ERR_DEVICE_BAD_REQUEST …\n');
  });
});

describe('ini values', () => {
  it('writes an incremental ini and reads values outside tables, case-insensitively', () => {
    expect(incrementalIni({ AUPDVerifyCertificates: '1' })).toBe(
      '; certwright device push\nAUPDVerifyCertificates = 1\n',
    );
    const ini = [
      '[SYSTEM Params]',
      'aupdverifycertificates = 1 ; on',
      "HTTPSRequireClientCertificate='0'",
      '[ TLSContexts ]',
      'FORMAT Index = Name, AUPDVerifyCertificates;',
      'TLSContexts 0 = default, 0;',
      'AUPDVerifyCertificates = 7',
      '[ \\TLSContexts ]',
      '',
    ].join('\r\n');
    expect(readIniParameters(ini, ['AUPDVerifyCertificates', 'HTTPSRequireClientCertificate', 'Missing'])).toEqual({
      AUPDVerifyCertificates: '1',
      HTTPSRequireClientCertificate: '0',
    });
  });
});

describe('small parts', () => {
  it('bounds concurrency and keeps order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (value) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return value * 2;
    });
    expect(results).toEqual([10, 2, 8, 4, 6, 0, 12]);
    expect(peak).toBe(3);
  });

  it('builds multipart bodies with a part named file', () => {
    const { body, contentType } = multipartBody([
      { name: 'file', value: 'PEM', filename: 'a.pem' },
      { name: 'password', value: 'pw' },
    ]);
    const boundary = /boundary=(.+)$/.exec(contentType)?.[1] as string;
    const text = body.toString();
    expect(text).toContain(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pem"`);
    expect(text).toContain('name="password"\r\n\r\npw\r\n');
    expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
  });

  it('normalizes fingerprints', () => {
    expect(normalizeFingerprint(PIN)).toBe('ab'.repeat(32));
    expect(() => normalizeFingerprint('zz')).toThrow(/64 hex/);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

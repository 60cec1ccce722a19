// Issue 16: an inventory file cannot put a long or multi-line message on the terminal, and a broken
// YAML inventory is refused at its first error (the yaml package built an error per position).
import { describe, expect, it } from 'vitest';
import { type InventoryFormat, parseInventory } from '../../src/index.js';

/** What parseInventory threw (it must throw). */
function failure(text: string, format: InventoryFormat): { code: string; message: string } {
  try {
    parseInventory(text, format, { source: `fuzz.${format}` });
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('parseInventory accepted the inventory');
}

function expectOneShortLine(message: string): void {
  expect(message.length).toBeLessThanOrEqual(300);
  expect(/[\r\n\u2028\u2029]/.test(message)).toBe(false);
}

describe('inventory messages quote the file escaped and cut', () => {
  it('an unknown field of 12,000 characters', () => {
    const { code, message } = failure(`host,username,passwor${'a'.repeat(12_000)}\nh,u,x\n`, 'csv');
    expect(code).toBe('ERR_DEVICE_INVENTORY');
    expectOneShortLine(message);
    expect(message).toMatch(/^fuzz\.csv: row 1: passwora+…: unknown field \(expected one of name, host, /);
  });

  it('an unknown field with an escape sequence and a line break', () => {
    const { message } = failure('[{"host":"h","username":"u","\\u001b[2Jok\\nall good":1}]', 'json');
    expectOneShortLine(message);
    expect(message).toMatch(/^fuzz\.json: row 1: \\u001b\[2Jok\\u000aall good: unknown field /);
  });

  it("JSON.parse's quote of the file, its CR escaped", () => {
    const { code, message } = failure(
      '{\r\n  "devices": [\r\n    {\r\n      "name":\r\n &"x"\r\n    }\r\n  ]\r\n}\r\n',
      'json',
    );
    expect(code).toBe('ERR_DEVICE_INVENTORY');
    expectOneShortLine(message);
    expect(message).toMatch(/^fuzz\.json: not valid JSON: Unexpected token '&', .*\\u000d/);
  });

  it('a duplicate device name with control characters', () => {
    const name = `sbc\u001b]0;owned\u0007${'n'.repeat(5000)}`;
    const rows = [1, 2].map(() => ({ name, host: 'h', username: 'u' }));
    const { message } = failure(JSON.stringify(rows), 'json');
    expectOneShortLine(message);
    expect(message).toMatch(/^fuzz\.json: row 2: name: "sbc\\u001b\]0;owned\\u0007n+…" appears twice \(row 1 too\)$/);
  });

  it('a pin that is not a fingerprint names the row, not the (file-given) device name', () => {
    const { message } = failure(`name,host,username,pin_sha256\n${'\u001b'.repeat(3000)},h,u,abcd\n`, 'csv');
    expect(message).toBe('fuzz.csv: row 1: pin_sha256: must be 64 hex digits (colons allowed)');
  });
});

describe("one message style for the three formats (the config files' ConfigFields)", () => {
  it.each([
    ['csv', 'host,username,port\nh,u,0\n'],
    ['json', '[{"host":"h","username":"u","port":0}]'],
    ['yaml', '- {host: h, username: u, port: 0}\n'],
  ] as const)('the same fault reads the same in %s', (format, text) => {
    expect(failure(text, format).message).toBe(`fuzz.${format}: row 1: port: must be a whole number from 1 to 65535`);
  });

  it('refuses an unknown top-level field and a CSV column given twice', () => {
    expect(failure('{"devices":[],"version":2}', 'json').message).toBe(
      'fuzz.json: version: unknown field (expected one of devices)',
    );
    expect(failure('host,username,host\nh,u,h2\n', 'csv').message).toBe('fuzz.csv: row 1: host: is given twice');
  });

  it('refuses a device that is not a mapping, and text that is several lines', () => {
    expect(failure('- host: h\n  username: u\n- just text\n', 'yaml').message).toBe(
      'fuzz.yaml: row 2: must be a mapping (key: value)',
    );
    expect(failure('[{"host":"h\\nforged line","username":"u"}]', 'json').message).toBe(
      'fuzz.json: row 1: host: must be one line',
    );
  });
});

describe('broken YAML is refused at its first error', () => {
  // The yaml package took 3–4.5 s on 58 KB of quotes after a key, quoting the whole line in an error
  // for every pair of them; a megabyte would run far past the test's timeout. The answer is checked.
  it('a megabyte of quotes after a key', () => {
    const { code, message } = failure(`devices:\n  - name: "sbc-1"\n    host: ${'"'.repeat(1 << 20)}\n`, 'yaml');
    expect(code).toBe('ERR_DEVICE_INVENTORY');
    expectOneShortLine(message);
    expect(message).toMatch(/^fuzz\.yaml: not valid YAML: .* at line 3, column \d+$/);
  });

  it.each([
    ['closing brackets', `- host: h\n  username: u\n${']'.repeat(1 << 20)}\n`],
    ['lines that are keys without values', `- host: h\n  username: u\n${'x\n'.repeat(1 << 19)}`],
    ['flow sequences on one line', `- host: h\n  username: u\n${'[a]'.repeat(1 << 18)}\n`],
  ])('%s', (_name, text) => {
    const { code, message } = failure(text, 'yaml');
    expect(code).toBe('ERR_DEVICE_INVENTORY');
    expectOneShortLine(message);
  });

  it('still reads what it read before: anchors, flow maps, comments, quoted and plain values', () => {
    const yaml = [
      '# the lab',
      'devices:',
      '  - &first { name: sbc-1, host: 10.0.0.1, port: 8443, username: Admin, behind_nat: true }',
      '  - name: "sbc-2"   # a comment',
      "    host: 'gw.example.net'",
      '    username: admin',
      '    tls_context: 2',
      '    firmware: 7.40A.500.123',
      '    password_env: SBC_PASSWORD',
    ].join('\n');
    const entries = parseInventory(yaml, 'yaml');
    expect(entries.map((entry) => [entry.name, entry.host, entry.port, entry.tlsContext, entry.behindNat])).toEqual([
      ['sbc-1', '10.0.0.1', 8443, 0, true],
      ['sbc-2', 'gw.example.net', 443, 2, false],
    ]);
    expect(entries[1]?.firmware).toBe('7.40A.500.123');
  });

  it('refuses a password YAML reads as a number, and a field named __proto__', () => {
    const options = { allowPlaintextPasswords: true };
    expect(() => parseInventory('- {host: h, username: u, password: 0123}', 'yaml', options)).toThrow(
      /row 1: password: must be text/,
    );
    expect(() => parseInventory('- {host: h, username: u, __proto__: {x: 1}}', 'yaml')).toThrow(
      /row 1: __proto__: unknown field/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv } from '../../src/fleet/csv.js';
import { DeviceError, parseInventory } from '../../src/index.js';

const ROWS = [
  ['name', 'host', 'port', 'username', 'password_file'],
  ['sbc-1', '10.0.0.1', '8443', 'Admin', 'pw.txt'],
  ['sbc 2', '10.0.0.2', '443', 'Admin', 'secrets/sbc2.txt'],
];

function csv(separator: string, rows = ROWS): string {
  return `${rows.map((row) => row.join(separator)).join('\r\n')}\r\n`;
}

function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  if (order === 'le') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
}

function names(input: string | Uint8Array): string[] {
  return parseInventory(input, 'csv').map((entry) => `${entry.name}@${entry.host}:${entry.port}`);
}

const EXPECTED = ['sbc-1@10.0.0.1:8443', 'sbc 2@10.0.0.2:443'];

describe('inventory text as spreadsheets save it', () => {
  it.each([
    ['commas', ','],
    ['semicolons', ';'],
    ['tabs', '\t'],
  ])('reads CSV separated by %s', (_label, separator) => {
    expect(names(csv(separator))).toEqual(EXPECTED);
  });

  it('keeps the other separators inside cells, and quoted separators too', () => {
    const text = 'name;host;username;firmware\n"a;b";h1;u;7.40A,500\n';
    expect(parseInventory(text, 'csv')[0]).toMatchObject({ name: 'a;b', firmware: '7.40A,500' });
    expect(detectDelimiter('"a;b;c",x\n')).toBe(',');
    expect(detectDelimiter('host\n')).toBe(',');
    expect(parseCsv('a\tb\n1\t2\n', '\t')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it.each([
    ['UTF-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(';'))])],
    ['UTF-8 without one', Buffer.from(csv(','))],
    ['UTF-16LE with a byte-order mark, tabs (Excel "Unicode Text")', utf16(csv('\t'), 'le')],
    ['UTF-16LE with a byte-order mark, semicolons', utf16(csv(';'), 'le')],
    ['UTF-16BE with a byte-order mark', utf16(csv(','), 'be')],
  ])('reads %s', (_label, bytes) => {
    expect(names(bytes)).toEqual(EXPECTED);
  });

  it('reads names beyond ASCII the same from UTF-8 and UTF-16', () => {
    const rows = [
      ['name', 'host', 'username'],
      ['Zürich-Süd', 'h', 'Admin'],
    ];
    expect(parseInventory(utf16(csv(';', rows), 'le'), 'csv')[0]?.name).toBe('Zürich-Süd');
    expect(parseInventory(Buffer.from(csv(';', rows)), 'csv')[0]?.name).toBe('Zürich-Süd');
  });

  it.each([
    ['UTF-16 without a byte-order mark', Buffer.from(csv(','), 'utf16le'), /UTF-16 without a byte-order mark/],
    ['bytes that are not UTF-8', Buffer.from([0x68, 0x6f, 0x73, 0x74, 0x0a, 0xe9, 0x0a]), /not valid UTF-8 text/],
    ['a UTF-16 file cut in the middle of a character', utf16('host\n', 'le').subarray(0, 7), /not valid UTF-16LE/],
  ])('refuses %s with an inventory error naming the file', (_label, bytes, pattern) => {
    let caught: unknown;
    try {
      parseInventory(bytes, 'csv', { source: 'fleet/devices.csv' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DeviceError);
    expect((caught as DeviceError).code).toBe('ERR_DEVICE_INVENTORY');
    expect((caught as DeviceError).message).toMatch(pattern);
    expect((caught as DeviceError).device).toBe('fleet/devices.csv');
  });

  it('reads UTF-16 JSON and YAML inventories as well', () => {
    const json = JSON.stringify([{ host: 'h', username: 'u' }]);
    expect(parseInventory(utf16(json, 'le'), 'json')[0]?.host).toBe('h');
    expect(parseInventory(utf16('- host: h\n  username: u\n', 'be'), 'yaml')[0]?.host).toBe('h');
  });
});

describe('paths inside an inventory', () => {
  it('resolve password_file against baseDir (the inventory file’s folder); absolute paths stay', () => {
    const rows = [...ROWS, ['abs', '10.0.0.3', '443', 'Admin', '/etc/certwright/pw']];
    const entries = parseInventory(csv(',', rows), 'csv', { baseDir: 'fleet' });
    expect(entries.map((entry) => entry.passwordFile)).toEqual([
      'fleet/pw.txt',
      'fleet/secrets/sbc2.txt',
      '/etc/certwright/pw',
    ]);
  });

  it('are left as written without a baseDir (a library caller reading text of its own)', () => {
    expect(parseInventory(csv(','), 'csv')[0]?.passwordFile).toBe('pw.txt');
  });
});

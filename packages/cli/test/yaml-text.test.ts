import { readConfigYaml } from '@certwright/core';
import { describe, expect, it } from 'vitest';
import { yamlText } from '../src/io/yaml-text.js';

const read = (text: string) =>
  readConfigYaml(text, { source: 'written.yaml', fail: (fault) => new Error(fault.message) });

describe('yamlText: what the CLI writes, core reads back the same', () => {
  it('keeps strings that look like numbers, booleans, null, dates or YAML syntax as strings', () => {
    const strings = [
      '0b101',
      '0o17',
      '0x1F',
      '1e3',
      '0123',
      '.inf',
      'true',
      'False',
      'yes',
      'on',
      'null',
      '~',
      '2024-01-01',
      '12:30',
      '',
      '-',
      '*alias',
      '&anchor',
      '!tag',
      '# comment',
      'key: value',
      ' leading',
      'trailing ',
      'two\nlines',
      "it's",
      '"quoted"',
      '%directive',
      '[list]',
      '{map}',
      'ü and \u2028',
    ];
    const document = { strings, nested: { list: strings.map((value) => ({ value })) } };
    expect(read(yamlText(document))).toEqual(document);
  });

  it('keeps numbers, booleans and null as they are, and writes a shared value out in full each time', () => {
    const shared = { IniFileURL: 'https://127.0.0.1:8443/mp1xx/gw-1/certwright.ini' };
    const document = { port: 8443, ratio: 1.5, on: true, off: false, none: null, a: shared, b: shared };
    const text = yamlText(document);
    expect(text).not.toMatch(/[&*]ref/);
    expect(read(text)).toEqual(document);
  });

  it('does not fold a long line', () => {
    const url = `https://ovoc.example.com/${'x'.repeat(300)}`;
    const text = yamlText({ url });
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(read(text)).toEqual({ url });
  });
});

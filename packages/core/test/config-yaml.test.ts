// The one YAML reader of the hand-written config files (issue 14) and the text of their messages
// (issue 16): linear on hostile input, YAML 1.2 core semantics, aliases bounded, file text escaped.
import { describe, expect, it } from 'vitest';
import { ConfigFields, configFaultMessage, configText, MAX_CONFIG_VALUES, readConfigYaml } from '../src/index.js';

const fail = (fault: { message: string }) => new Error(fault.message);

function read(text: string): unknown {
  return readConfigYaml(text, { source: 'c.yaml', fail });
}

function refusal(text: string): string {
  try {
    read(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('readConfigYaml accepted the document');
}

describe('readConfigYaml', () => {
  it('reads YAML 1.2 core values: 0123 and 0o17 are numbers, yes and dates are text, ~ is null', () => {
    expect(read('a: 0123\nb: 0o17\nc: yes\nd: 2026-01-01\ne: ~\nf: "0123"\ng: true\n')).toEqual({
      a: 123,
      b: 15,
      c: 'yes',
      d: '2026-01-01',
      e: null,
      f: '0123',
      g: true,
    });
  });

  it('reads anchors, aliases, flow mappings and comments; an empty file is no document', () => {
    expect(read('x: &p { port: 22 }  # shared\ny: *p\n')).toEqual({ x: { port: 22 }, y: { port: 22 } });
    expect(read('')).toBeUndefined();
  });

  it('keeps __proto__ an ordinary key of a plain mapping', () => {
    const document = read('__proto__: { polluted: 1 }\n') as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(document)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    [
      'an unclosed flow sequence',
      'nodes: [\n',
      'c.yaml: not valid YAML: unexpected end of the stream within a flow collection at line 2, column 1',
    ],
    ['a repeated key', 'a: 1\na: 2\n', 'c.yaml: not valid YAML: duplicated mapping key at line 2, column 1'],
    [
      'a tag outside the core schema',
      'a: !!binary aGk=\n',
      'c.yaml: not valid YAML: unknown tag !<tag:yaml.org,2002:binary> at line 1, column 17',
    ],
    [
      'two documents',
      'a: 1\n---\nb: 2\n',
      'c.yaml: not valid YAML: expected a single document in the stream, but found more',
    ],
  ])('refuses %s with one line naming the place', (_label, text, message) => {
    expect(refusal(text)).toBe(message);
  });

  it('refuses aliases that expand past the limit, and an alias of itself', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level <= 10; level++) {
      levels.push(
        `a${level}: &a${level} [${Array(10)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    }
    const expected = `c.yaml: not valid YAML: its aliases expand to more than ${MAX_CONFIG_VALUES.toLocaleString('en-US')} values (or refer to themselves)`;
    expect(refusal(levels.join('\n'))).toBe(expected);
    expect(refusal('a: &a [x, *a]\n')).toBe(expected);
    // Five levels (111,111 values) are within it.
    expect(read(levels.slice(0, 5).join('\n'))).toBeTypeOf('object');
  });

  it('refuses a megabyte of hostile text at its first error, in one short line', () => {
    for (const text of [
      `a:\n  b: ${'"'.repeat(1 << 20)}\n`,
      `a: 1\n${']'.repeat(1 << 20)}\n`,
      `a: 1\n${'[a]'.repeat(1 << 18)}\n`,
      `a: *${'x'.repeat(1 << 20)}\n`,
      `${'['.repeat(1 << 20)}\n`,
    ]) {
      const message = refusal(text);
      expect(message).toMatch(/^c\.yaml: not valid YAML: /);
      expect(message.length).toBeLessThanOrEqual(300);
      expect(message).not.toMatch(/[\r\n]/);
    }
  });
});

describe('config messages show file text escaped and cut', () => {
  it('configText escapes control and bidirectional characters and cuts with …', () => {
    expect(configText('ok\u001b[2J\n\u202e')).toBe('ok\\u001b[2J\\u000a\\u202e');
    expect(configText('x'.repeat(100), 10)).toBe(`${'x'.repeat(10)}…`);
    expect(configText('plain')).toBe('plain');
  });

  it('a field named by the file is escaped in the message, in every format that uses ConfigFields', () => {
    expect(configFaultMessage('f.yaml', `a\u001b]0;x\u0007${'k'.repeat(5000)}`, 'unknown field')).toMatch(
      /^f\.yaml: a\\u001b\]0;x\\u0007k+…: unknown field$/,
    );
    const fields = ConfigFields.root({ 'bad\nkey': 1 }, { source: 'f.yaml', fail });
    expect(() => fields.only(['name'])).toThrow('f.yaml: bad\\u000akey: unknown field (expected one of name)');
  });
});

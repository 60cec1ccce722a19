import { describe, expect, it } from 'vitest';
import { CsrError, parseSubjectAltName } from '../src/index.js';

function codeOf(action: () => unknown): { code: string; field: string | undefined } {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CsrError);
    const { code, field } = error as CsrError;
    return { code, field };
  }
  throw new Error('expected an error');
}

describe('parseSubjectAltName', () => {
  it.each([
    ['dns:ovoc.example.com', { type: 'dns', value: 'ovoc.example.com' }],
    ['DNS:*.example.com', { type: 'dns', value: '*.example.com' }],
    ['dns:localhost', { type: 'dns', value: 'localhost' }],
    ['dns:xn--bcher-kva.example', { type: 'dns', value: 'xn--bcher-kva.example' }],
    ['ip:10.0.0.1', { type: 'ip', value: '10.0.0.1' }],
    ['ip:2001:db8::1', { type: 'ip', value: '2001:db8::1' }],
    ['IP:2001:DB8:0:0:0:0:0:1', { type: 'ip', value: '2001:db8::1' }],
    ['ip:::ffff:192.0.2.1', { type: 'ip', value: '::ffff:192.0.2.1' }],
    ['ip:::', { type: 'ip', value: '::' }],
    ['email:pki@example.com', { type: 'email', value: 'pki@example.com' }],
    ['Email:first.last+tag@sub.example.com', { type: 'email', value: 'first.last+tag@sub.example.com' }],
    ['uri:https://ovoc.example.com/path?q=1', { type: 'uri', value: 'https://ovoc.example.com/path?q=1' }],
    [
      'URI:urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
      { type: 'uri', value: 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66' },
    ],
  ])('%s', (text, expected) => {
    expect(parseSubjectAltName(text)).toEqual(expected);
  });

  it.each([
    'foo:bar',
    'ovoc.example.com',
    'dns:',
    'dns:bad_name.example.com',
    'dns:a..example.com',
    'dns:-a.example.com',
    'dns:a-.example.com',
    'dns:foo*.example.com',
    'dns:a.*.example.com',
    'dns:*',
    'dns:*.*.example.com',
    'dns:ovoc.example.com.',
    `dns:${'a'.repeat(64)}.example.com`,
    'dns:bücher.example',
    'ip:10.0.0.256',
    'ip:10.0.0',
    'ip:fe80::1%eth0',
    'ip:ovoc.example.com',
    'email:pki.example.com',
    'email:a@b@example.com',
    'email:@example.com',
    'email:pki@bad_domain',
    'email:pki user@example.com',
    'uri:ovoc.example.com/path',
    'uri:https:',
    'uri:https://example.com/a b',
  ])('refuses %s with ERR_SAN_INVALID', (text) => {
    expect(codeOf(() => parseSubjectAltName(text)).code).toBe('ERR_SAN_INVALID');
  });

  it('names the field it was given', () => {
    expect(codeOf(() => parseSubjectAltName('foo:bar', '--san[2]'))).toEqual({
      code: 'ERR_SAN_INVALID',
      field: '--san[2]',
    });
    expect(() => parseSubjectAltName('foo:bar', '--san[2]')).toThrow(/^--san\[2\] "foo:bar"/);
  });
});

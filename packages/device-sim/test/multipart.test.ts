import { describe, expect, it } from 'vitest';
import { parseMultipart } from '../src/multipart.js';
import { multipart } from './helpers.js';

describe('parseMultipart', () => {
  it('reads named parts with their exact bytes', () => {
    const { body, headers } = multipart({ file: '-----BEGIN X-----\r\nabc\r\n', password: 'p;w"' });
    const parts = parseMultipart(headers['content-type'], body);
    expect(parts?.map((part) => [part.name, part.data.toString()])).toEqual([
      ['file', '-----BEGIN X-----\r\nabc\r\n'],
      ['password', 'p;w"'],
    ]);
    expect(parts?.[0]?.filename).toBe('upload.pem');
  });

  it('accepts a quoted boundary', () => {
    const body = Buffer.from('--a b\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--a b--\r\n');
    expect(parseMultipart('multipart/form-data; boundary="a b"', body)?.[0]?.data.toString()).toBe('x');
  });

  it('refuses a body that is not multipart, or is cut off', () => {
    expect(parseMultipart('application/json', Buffer.from('{}'))).toBeUndefined();
    expect(parseMultipart(undefined, Buffer.from('x'))).toBeUndefined();
    const cut = Buffer.from('--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nhalf a file');
    expect(parseMultipart('multipart/form-data; boundary=b', cut)).toBeUndefined();
    const nameless = Buffer.from('--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n');
    expect(parseMultipart('multipart/form-data; boundary=b', nameless)).toBeUndefined();
  });
});

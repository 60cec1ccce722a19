import { beforeAll, describe, expect, it } from 'vitest';
import {
  createCsr,
  CsrError,
  generateKey,
  type PrivateKey,
  type SubjectFields,
  validateSubject,
} from '../src/index.js';

describe('validateSubject', () => {
  it('keeps every field it is given, and drops undefined ones', () => {
    const subject = {
      cn: 'ovoc.example.com',
      o: 'Example',
      ou: 'PKI',
      l: 'Tel Aviv',
      st: 'Center',
      c: 'IL',
      email: 'pki@example.com',
    };
    expect(validateSubject(subject)).toEqual(subject);
    expect(validateSubject({ cn: 'x', o: undefined })).toEqual({ cn: 'x' });
  });

  it('accepts a 64-character CN (the RFC 5280 bound)', () => {
    expect(validateSubject({ cn: 'a'.repeat(64) }).cn).toHaveLength(64);
  });

  it.each<[string, SubjectFields, string]>([
    ['three-letter country', { cn: 'x', c: 'USA' }, 'subject.c'],
    ['lower-case country', { cn: 'x', c: 'us' }, 'subject.c'],
    ['one-letter country', { cn: 'x', c: 'U' }, 'subject.c'],
    ['digits as country', { cn: 'x', c: '12' }, 'subject.c'],
    ['65-character CN', { cn: 'a'.repeat(65) }, 'subject.cn'],
    ['empty CN', { cn: '' }, 'subject.cn'],
    ['blank O', { cn: 'x', o: '   ' }, 'subject.o'],
    ['control character', { cn: 'x', ou: 'a\nb' }, 'subject.ou'],
    ['bad email', { cn: 'x', email: 'not-an-address' }, 'subject.email'],
    ['no field at all', {}, 'subject'],
    ['unknown field', { cn: 'x', country: 'US' } as SubjectFields, 'subject.country'],
  ])('refuses a %s with ERR_SUBJECT_INVALID', (_name, subject, field) => {
    let caught: unknown;
    try {
      validateSubject(subject);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CsrError);
    expect(caught).toMatchObject({ code: 'ERR_SUBJECT_INVALID', field });
  });
});

describe('createCsr subject checks', () => {
  let key: PrivateKey;
  beforeAll(async () => {
    key = await generateKey({ type: 'ec', curve: 'P-256' });
  });

  it('refuses a three-letter country before signing anything', async () => {
    await expect(createCsr({ key, subject: { cn: 'ovoc.example.com', c: 'USA' } })).rejects.toMatchObject({
      code: 'ERR_SUBJECT_INVALID',
      field: 'subject.c',
    });
  });
});

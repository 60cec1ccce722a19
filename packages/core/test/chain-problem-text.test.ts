// Problem messages quote names, OIDs and numbers from certificates and CRLs: problemText makes each
// one short line. The end-to-end cases (a hostile issuer name, a CRL repeating one extension) are
// reproducers in fuzz/corpus, replayed by fuzz/test/corpus.test.ts.
import { describe, expect, it } from 'vitest';
import { MAX_PROBLEM_MESSAGE, MAX_PROBLEM_WORD, problemText } from '../src/chain/problem-text.js';

/** Every backslash starts a whole `\uXXXX` escape: no cut went through one. */
const wholeEscapes = (text: string) => /^(?:[^\\]|\\u[0-9a-f]{4})*$/.test(text);

describe('problemText', () => {
  it('leaves an ordinary message as it is', () => {
    const message = 'intermediate 1 has an unknown critical extension 1.2.3.4 (see "Example CA")';
    expect(problemText(message)).toBe(message);
  });

  it('writes control, line-separator and bidirectional characters as escapes', () => {
    const name = 'ok\r\u001b[32m✔ all checks passed\u001b[0m\n\u2028\u202e\u0085';
    expect(problemText(`no issuer: "${name}"`)).toBe(
      'no issuer: "ok\\u000d\\u001b[32m✔ all checks passed\\u001b[0m\\u000a\\u2028\\u202e\\u0085"',
    );
  });

  it('keeps characters beyond the BMP whole and escapes a lone surrogate', () => {
    expect(problemText('name "𝒳\ud800"')).toBe('name "𝒳\\ud800"');
  });

  it('cuts a long value in the middle, keeping both ends and the words around it', () => {
    const shown = problemText(`no issuer found for leaf: "${'a'.repeat(5000)}z" is neither here nor there`);
    expect(shown).toMatch(/^no issuer found for leaf: "a+…a*z" is neither here nor there$/);
    const value = shown.split(' ')[4] as string;
    expect(value.length).toBeLessThanOrEqual(MAX_PROBLEM_WORD);
  });

  it('cuts a long message of short words to one short line', () => {
    const shown = problemText(`has ${'a duplicate extension 2.5.29.35, '.repeat(3000)}the end`);
    expect(shown.length).toBeLessThanOrEqual(MAX_PROBLEM_MESSAGE);
    expect(shown.startsWith('has a duplicate extension')).toBe(true);
    expect(shown.endsWith('the end')).toBe(true);
    expect(shown).toContain('…');
  });

  it('never cuts through an escape, however many there are', () => {
    for (const message of ['\u001b'.repeat(10_000), '\n '.repeat(10_000), `x${'\u0007'.repeat(79)} y`]) {
      const shown = problemText(message);
      expect(shown.length).toBeLessThanOrEqual(MAX_PROBLEM_MESSAGE);
      expect([...shown].some((char) => (char.codePointAt(0) as number) < 0x20)).toBe(false);
      expect(wholeEscapes(shown)).toBe(true);
    }
  });

  it('bounds a message of a megabyte without a space', () => {
    const shown = problemText(`extension ${'1.'.repeat(500_000)}9`);
    expect(shown.length).toBeLessThanOrEqual(MAX_PROBLEM_MESSAGE);
    expect(shown).toMatch(/^extension 1\.1\.[0-9.]*…[0-9.]*9$/);
  });
});

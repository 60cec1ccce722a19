/**
 * Characters that text from an input file must not put on a terminal or into a log line as they
 * are: C0 and C1 controls, DEL, line and paragraph separators, bidirectional marks and overrides,
 * and lone surrogates (not text; a cut in the middle of a pair makes one). Shown as `\uXXXX`.
 */
export function isUnsafeCharacter(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code < 0xa0) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}

/** The character itself, or its `\uXXXX` escape when it is unsafe. */
export function shownCharacter(char: string): string {
  const code = char.codePointAt(0) as number;
  return isUnsafeCharacter(code) ? `\\u${code.toString(16).padStart(4, '0')}` : char;
}

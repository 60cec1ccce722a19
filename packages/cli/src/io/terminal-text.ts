/**
 * Text from an input file (a PKCS#12 friendly name, a JKS alias) made safe to print on a terminal:
 * control characters, DEL, C1 controls and bidirectional overrides become `\uXXXX` escapes, as a
 * DN's control characters do, and the text is cut at `max` characters. A file must not be able to
 * clear the screen, move the cursor, or forge an "all checks passed" line. JSON output keeps the
 * raw value (JSON escapes control characters itself).
 */
export function terminalText(text: string, max = 200): string {
  const characters = [...text];
  const shown = characters
    .slice(0, max)
    .map((char) => (isUnsafe(char.codePointAt(0) as number) ? escapeCharacter(char) : char));
  return `${shown.join('')}${characters.length > max ? '…' : ''}`;
}

function isUnsafe(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code < 0xa0) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x200e ||
    code === 0x200f
  );
}

function escapeCharacter(char: string): string {
  return `\\u${(char.codePointAt(0) as number).toString(16).padStart(4, '0')}`;
}

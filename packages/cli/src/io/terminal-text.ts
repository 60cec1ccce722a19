import { shownCharacter } from '@certwright/core';

/**
 * Text from an input file (a PKCS#12 friendly name, a JKS alias) made safe to print on a terminal:
 * every character core calls unsafe (controls, DEL, line and paragraph separators, bidirectional
 * marks and overrides, lone surrogates) becomes a `\uXXXX` escape, and the text is cut at `max`
 * characters. A file must not be able to clear the screen, move the cursor, or forge an "all
 * checks passed" line. JSON output keeps the raw value (JSON escapes control characters itself).
 */
export function terminalText(text: string, max = 200): string {
  const characters = [...text];
  const shown = characters.slice(0, max).map(shownCharacter);
  return `${shown.join('')}${characters.length > max ? '…' : ''}`;
}

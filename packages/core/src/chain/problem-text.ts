import { isUnsafeCharacter, shownCharacter } from '../lib/unsafe-character.js';

/**
 * The text of every problem and revocation source a validation returns, made one short line
 * whatever the certificates, CRLs and OCSP responses hold. Messages quote names, OIDs and numbers
 * from those inputs, and they reach terminals and logs: a name must not be able to clear the
 * screen, forge an "all checks passed" line or fill a log. Applied once, where results leave the
 * chain module, so that each message is written plainly and no message can forget it.
 */

/** Characters shown of one unbroken run of text (a quoted common name, an OID, a DNS name, a number). */
export const MAX_PROBLEM_WORD = 80;
/** Characters shown of a whole message. */
export const MAX_PROBLEM_MESSAGE = 400;

/**
 * `message` with control characters, DEL, C1 controls, line separators, bidirectional controls and
 * lone surrogates written as `\uXXXX` escapes (as the CLI shows names from files), each run over
 * MAX_PROBLEM_WORD characters and the whole over MAX_PROBLEM_MESSAGE cut in the middle with `…`,
 * so that both ends of a long value stay readable.
 */
export function problemText(message: string): string {
  // Most messages need nothing; a certificate with thousands of defects has thousands of them.
  if (isShortPlainLine(message)) return message;
  const words = roughCut(message, MAX_PROBLEM_MESSAGE)
    .split(' ')
    .map((word) => elide(displayed(roughCut(word, MAX_PROBLEM_WORD)), MAX_PROBLEM_WORD));
  const units = words.flatMap((word, index) => (index === 0 ? word : [' ', ...word]));
  return elide(units, MAX_PROBLEM_MESSAGE).join('');
}

// True when no character needs an escape and nothing needs cutting (UTF-16 code units: a
// surrogate, paired or not, takes the careful way).
function isShortPlainLine(message: string): boolean {
  if (message.length > MAX_PROBLEM_MESSAGE) return false;
  let run = 0;
  for (let index = 0; index < message.length; index++) {
    const code = message.charCodeAt(index);
    if (isUnsafeCharacter(code)) return false;
    run = code === 0x20 ? 0 : run + 1;
    if (run > MAX_PROBLEM_WORD) return false;
  }
  return true;
}

// A cheap first cut of a huge text before any per-character work: its first and last `max` code
// units, which is more than `elide` keeps of it.
function roughCut(text: string, max: number): string {
  return text.length <= 2 * max ? text : `${text.slice(0, max)}…${text.slice(-max)}`;
}

// One string per character as it will be shown: itself, or its escape.
function displayed(text: string): string[] {
  return Array.from(text, shownCharacter);
}

// The units within `max` characters: all of them, or the head and the tail around an ellipsis.
function elide(units: string[], max: number): string[] {
  if (lengthOf(units) <= max) return units;
  const head = takeWithin(units, Math.ceil((max - 1) * 0.7));
  const tail = takeWithin([...units].reverse(), max - 1 - lengthOf(head)).reverse();
  return [...head, '…', ...tail];
}

function takeWithin(units: string[], budget: number): string[] {
  const taken: string[] = [];
  let used = 0;
  for (const unit of units) {
    if (used + unit.length > budget) break;
    taken.push(unit);
    used += unit.length;
  }
  return taken;
}

function lengthOf(units: string[]): number {
  let length = 0;
  for (const unit of units) length += unit.length;
  return length;
}

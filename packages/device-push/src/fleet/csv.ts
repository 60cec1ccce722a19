/** A quoted field that is never closed: the rest of the file would silently become one cell. */
export class UnterminatedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`line ${line}: a quoted field is never closed`);
  }
}

/** The separators spreadsheets write: comma, semicolon (locales with a decimal comma), tab ("Unicode Text"). */
export type CsvDelimiter = ',' | ';' | '\t';

const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];

/**
 * The separator of a CSV file, from its first non-blank line (the header, whose names hold none of
 * them): the candidate seen most often outside quotes; a comma when the header is a single column.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const header = firstNonBlankLine(stripBom(text));
  if (header === undefined) return ',';
  const counts = new Map<CsvDelimiter, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const char of header) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char as CsvDelimiter)) {
      counts.set(char as CsvDelimiter, (counts.get(char as CsvDelimiter) ?? 0) + 1);
    }
  }
  let best: CsvDelimiter = ',';
  for (const delimiter of DELIMITERS) {
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  }
  return best;
}

// Line by line without splitting the whole text: a file can be sixty thousand empty lines.
function firstNonBlankLine(text: string): string | undefined {
  let start = 0;
  while (start < text.length) {
    const end = lineEnd(text, start);
    const line = text.slice(start, end);
    if (line.trim() !== '') return line;
    start = end + 1;
  }
  return undefined;
}

function lineEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && text.charCodeAt(end) !== LF && text.charCodeAt(end) !== CR) end++;
  return end;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, with the given separator (default comma).
 * Returns rows of cells; blank lines are dropped. Text is taken a cell at a time (indexOf and slices,
 * not a character at a time), so the cost follows the file's length whatever it holds.
 * @throws UnterminatedQuoteError naming the line where the open quote starts.
 */
export function parseCsv(text: string, delimiter: CsvDelimiter = ','): string[][] {
  const input = stripBom(text);
  const separator = delimiter.charCodeAt(0);
  const rows: string[][] = [];
  let row: string[] = [];
  let line = 1;
  let index = 0;
  while (index < input.length) {
    let cell = '';
    if (input.charCodeAt(index) === QUOTE) {
      // A quoted cell: up to the quote that is not doubled; line breaks and separators are text.
      const quoteLine = line;
      let from = index + 1;
      for (;;) {
        const close = input.indexOf('"', from);
        if (close === -1) throw new UnterminatedQuoteError(quoteLine);
        line += lineFeeds(input, from, close);
        cell += input.slice(from, close);
        if (input.charCodeAt(close + 1) !== QUOTE) {
          index = close + 1;
          break;
        }
        cell += '"';
        from = close + 2;
      }
    }
    // Plain text up to the separator or the line's end (after a closing quote too, as written).
    let stop = index;
    while (stop < input.length) {
      const code = input.charCodeAt(stop);
      if (code === separator || code === LF || code === CR) break;
      stop++;
    }
    row.push(cell + input.slice(index, stop));
    index = stop;
    if (index >= input.length) break;
    const code = input.charCodeAt(index);
    index++;
    if (code === separator) {
      // A separator that ends the text ends the row with an empty cell.
      if (index >= input.length) row.push('');
      continue;
    }
    if (code === CR && input.charCodeAt(index) === LF) index++;
    if (code === LF || input.charCodeAt(index - 1) === LF) line++;
    if (!isBlank(row)) rows.push(row);
    row = [];
  }
  if (row.length > 0 && !isBlank(row)) rows.push(row);
  return rows;
}

function lineFeeds(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = from; at < to; at++) if (text.charCodeAt(at) === LF) count++;
  return count;
}

function isBlank(cells: string[]): boolean {
  return cells.every((value) => value.trim() === '');
}

function stripBom(text: string): string {
  return text.replace(/^\uFEFF/, '');
}

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
  const header = stripBom(text)
    .split(/\r?\n|\r/)
    .find((line) => line.trim() !== '');
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

/**
 * RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, with the given separator (default comma).
 * Returns rows of cells; blank lines are dropped.
 * @throws UnterminatedQuoteError naming the line where the open quote starts.
 */
export function parseCsv(text: string, delimiter: CsvDelimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 1;
  const input = stripBom(text);
  for (let index = 0; index < input.length; index++) {
    const char = input[index] as string;
    if (char === '\n') line++;
    if (quoted) {
      if (char === '"' && input[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (char === delimiter) {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[index + 1] === '\n') index++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (quoted) throw new UnterminatedQuoteError(quoteLine);
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((value) => value.trim() !== ''));
}

function stripBom(text: string): string {
  return text.replace(/^\uFEFF/, '');
}

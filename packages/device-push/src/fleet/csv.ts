/** A quoted field that is never closed: the rest of the file would silently become one cell. */
export class UnterminatedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`line ${line}: a quoted field is never closed`);
  }
}

/**
 * RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. Returns rows of cells; blank lines are dropped.
 * @throws UnterminatedQuoteError naming the line where the open quote starts.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 1;
  const input = text.replace(/^\uFEFF/, '');
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
    } else if (char === ',') {
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

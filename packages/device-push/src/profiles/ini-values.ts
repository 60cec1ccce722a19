// Reading and writing the ini text devices exchange. The reader is linear in the length of its input: every
// line is classified by position and character tests, with no regular expression that can backtrack (an ini
// comes from the device, and a crafted line must not stall the client).

/** An incremental ini: `Name = Value` lines only (sections are optional in an incremental file). */
export function incrementalIni(parameters: Readonly<Record<string, string>>): string {
  const lines = Object.entries(parameters).map(([name, value]) => `${name} = ${value}`);
  return `; certwright device push\n${lines.join('\n')}\n`;
}

/** One row of an ini table: its index and its values by column name (without the `Table_` prefix). */
export interface IniTableRow {
  index: number;
  values: Record<string, string>;
}

export interface IniDocument {
  /** Plain parameters by lower-case name: the name as written and the unquoted value. */
  parameters: Map<string, { name: string; value: string }>;
  /** Tables by lower-case name. */
  tables: Map<string, IniTableRow[]>;
}

/** Reads every plain parameter and table row of an ini text; lines it cannot read are skipped. Parse once,
 * then ask the document (readIniParameters, readTlsContextTable) as often as needed. */
export function readIni(text: string): IniDocument {
  const document: IniDocument = { parameters: new Map(), tables: new Map() };
  let table: { name: string; rows: IniTableRow[]; columns: string[] | undefined } | undefined;
  for (const raw of text.split('\n')) {
    const line = stripComment(raw).trim();
    if (line === '') continue;
    const section = readSection(line);
    if (section !== undefined) {
      table = undefined;
      if (!section.closing && section.name !== '' && !section.name.toLowerCase().endsWith('params')) {
        const rows = document.tables.get(section.name.toLowerCase()) ?? [];
        document.tables.set(section.name.toLowerCase(), rows);
        table = { name: section.name, rows, columns: undefined };
      }
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const left = line.slice(0, equals).trim();
    const right = line.slice(equals + 1).trim();
    if (table !== undefined) {
      readTableLine(table, left, right);
      continue;
    }
    if (isParameterName(left)) document.parameters.set(left.toLowerCase(), { name: left, value: unquote(right) });
  }
  return document;
}

/**
 * The values of the named plain parameters in an ini text (table rows are skipped), matched
 * case-insensitively; comments and quotes removed. Missing parameters are absent from the result.
 */
export function readIniParameters(text: string | IniDocument, names: readonly string[]): Record<string, string> {
  const { parameters } = typeof text === 'string' ? readIni(text) : text;
  const values: Record<string, string> = {};
  for (const name of names) {
    const found = parameters.get(name.toLowerCase());
    if (found !== undefined) values[name] = found.value;
  }
  return values;
}

/** The `[ TLSContexts ]` table: each context's index and name. */
export function readTlsContextTable(text: string | IniDocument): { id: number; name: string }[] {
  const rows = (typeof text === 'string' ? readIni(text) : text).tables.get('tlscontexts') ?? [];
  return rows.map((row) => ({ id: row.index, name: row.values.name ?? row.values.Name ?? '' }));
}

/** `[ Name ]` opens, `[ \Name ]` closes; undefined when the line is not a section line. */
function readSection(line: string): { closing: boolean; name: string } | undefined {
  if (!line.startsWith('[') || !line.endsWith(']') || line.length < 2) return undefined;
  let inner = line.slice(1, -1).trim();
  const closing = inner.startsWith('\\');
  if (closing) inner = inner.slice(1).trim();
  return inner.includes('[') || inner.includes(']') ? undefined : { closing, name: inner };
}

/** A `FORMAT Index = Col, …` line or a `Table 3 = v, …;` row of the open table. */
function readTableLine(
  table: { name: string; rows: IniTableRow[]; columns: string[] | undefined },
  left: string,
  right: string,
): void {
  const words = left.split(/\s+/);
  const prefix = `${table.name.toLowerCase()}_`;
  const column = (name: string) => (name.toLowerCase().startsWith(prefix) ? name.slice(prefix.length) : name);
  if (words.length === 2 && words[0]?.toUpperCase() === 'FORMAT') {
    table.columns = [words[1] ?? '', ...splitValues(right)].map(column);
    return;
  }
  const index = words[1] ?? '';
  if (words.length !== 2 || words[0]?.toLowerCase() !== table.name.toLowerCase() || !isDigits(index)) return;
  if (table.columns === undefined) return;
  const [, ...valueColumns] = table.columns;
  const values: Record<string, string> = {};
  for (const [position, value] of splitValues(right).entries()) {
    const name = valueColumns[position];
    if (name !== undefined) values[name] = value;
  }
  table.rows.push({ index: Number(index), values });
}

/** `a, "b, c", 'd';` → ['a', 'b, c', 'd']. */
function splitValues(text: string): string[] {
  const body = text.endsWith(';') ? text.slice(0, -1) : text;
  const values: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of body) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === ',') {
      values.push(current.trim());
      current = '';
    } else current += char;
  }
  values.push(current.trim());
  return values;
}

/** Removes a `;` comment that is not inside quotes (a table row's closing `;` goes too, which does no harm). */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === ';') return line.slice(0, i);
  }
  return line;
}

function unquote(value: string): string {
  const first = value[0];
  return value.length >= 2 && (first === "'" || first === '"') && value.endsWith(first) ? value.slice(1, -1) : value;
}

function isParameterName(text: string): boolean {
  if (text === '') return false;
  for (const char of text) {
    if (!/[A-Za-z0-9_.]/.test(char)) return false;
  }
  return true;
}

function isDigits(text: string): boolean {
  return text !== '' && [...text].every((char) => char >= '0' && char <= '9');
}

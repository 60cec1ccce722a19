// The device's ini reader: `Name = Value` lines, `;` comments, single-quoted values, names in any case,
// optional `[SYSTEM Params]` sections, and tables (`[ TableName ]`, a FORMAT line, rows, `[ \TableName ]`).

/** Parameters the simulator knows, in the spelling DEVICE-API.md uses; any other name is ignored, as a device does. */
export const KNOWN_PARAMETERS = [
  'AUPDVerifyCertificates',
  'HTTPSRequireClientCertificate',
  'ServerRespondTimeout',
  'QOEEnableTLS',
  'TLSCertFileUrl',
  'TLSPkeyFileUrl',
  'TLSRootFileUrl',
  'IniFileURL',
  'TLSPkeyPassphrase',
  'SetDefaultOnINIFileProcess',
  'AUPDCheckIfIniChanged',
  'NTPServerIP',
  'QoETLSContextName',
] as const;

const CANONICAL = new Map(KNOWN_PARAMETERS.map((name) => [name.toLowerCase(), name as string]));

export interface IniTableRow {
  index: number;
  /** Column name (without the `Table_` prefix of older firmware) → value, unquoted. */
  values: Record<string, string>;
}

export interface IniTable {
  name: string;
  rows: IniTableRow[];
}

export interface ParsedIni {
  /** Known parameters, by canonical name. */
  parameters: Record<string, string>;
  /** Names the device does not know (ignored, listed for tests and messages). */
  ignored: string[];
  tables: IniTable[];
  /** Lines that are none of the above, 1-based: the device refuses such a file. */
  badLines: number[];
}

/** Parses an ini file. Never throws: what it cannot read is reported in `badLines`. */
export function parseIni(text: string): ParsedIni {
  const result: ParsedIni = { parameters: {}, ignored: [], tables: [], badLines: [] };
  let table: { table: IniTable; columns: string[] | undefined } | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [number, raw] of lines.entries()) {
    const line = stripComment(raw).trim();
    if (line === '') continue;
    const section = readSection(line);
    if (section) {
      table = openOrCloseTable(result, section.closing, section.name);
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) {
      result.badLines.push(number + 1);
      continue;
    }
    const left = line.slice(0, equals).trim();
    const right = line.slice(equals + 1).trim();
    if (table && readTableLine(table, left, right)) continue;
    if (!/^[A-Za-z][\w.]*$/.test(left)) {
      result.badLines.push(number + 1);
      continue;
    }
    const canonical = CANONICAL.get(left.toLowerCase());
    if (canonical) result.parameters[canonical] = unquote(right);
    else result.ignored.push(left);
  }
  return result;
}

/**
 * `[ Name ]` or `[ \Name ]`, read by position: a regular expression with adjacent optional spaces here once took
 * seconds on a 500-byte line (every device reads what a client uploads).
 */
function readSection(line: string): { closing: boolean; name: string } | undefined {
  if (line.length < 2 || !line.startsWith('[') || !line.endsWith(']')) return undefined;
  let inner = line.slice(1, -1).trim();
  const closing = inner.startsWith('\\');
  if (closing) inner = inner.slice(1).trim();
  return inner.includes(']') ? undefined : { closing, name: inner };
}

/** `[SYSTEM Params]` and the like are plain sections; `[ Name ]` opens a table and `[ \Name ]` closes it. */
function openOrCloseTable(result: ParsedIni, closing: boolean, name: string) {
  if (closing || /\bparams$/i.test(name) || name === '') return undefined;
  const table: IniTable = { name, rows: [] };
  result.tables.push(table);
  return { table, columns: undefined as string[] | undefined };
}

/**
 * A FORMAT line or a row of the open table; false when the line is something else. The table's name
 * is compared as text: a regular expression built from it failed on a long one ("Regular expression
 * too large") and dropped the request.
 */
function readTableLine(open: { table: IniTable; columns: string[] | undefined }, left: string, right: string): boolean {
  const name = open.table.name;
  const format = /^FORMAT\s+(\S+)$/i.exec(left);
  if (format) {
    const prefix = `${name}_`;
    const columns = [format[1] ?? '', ...splitValues(right)].map((column) => withoutPrefix(column, prefix));
    open.columns = columns;
    return true;
  }
  const row = startsWithIgnoringCase(left, name) ? /^\s+(\d+)$/.exec(left.slice(name.length)) : null;
  if (!row || !open.columns) return false;
  const [, ...valueColumns] = open.columns;
  const values: Record<string, string> = {};
  for (const [i, value] of splitValues(right).entries()) {
    const column = valueColumns[i];
    if (column !== undefined) values[column] = value;
  }
  open.table.rows.push({ index: Number(row[1]), values });
  return true;
}

/** `TLSContexts_Name` → `Name` (older firmware prefixes each column with the table's name and `_`). */
function withoutPrefix(column: string, prefix: string): string {
  return startsWithIgnoringCase(column, prefix) ? column.slice(prefix.length) : column;
}

function startsWithIgnoringCase(text: string, prefix: string): boolean {
  return text.length >= prefix.length && text.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase();
}

/** `a, "b, c", 'd';` → ['a', 'b, c', 'd']. */
function splitValues(text: string): string[] {
  const body = text.replace(/;\s*$/, '');
  const values: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of body) {
    if (quote) {
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

/** Removes a `;` comment that is not inside quotes (table rows end with `;` too, which does no harm here). */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === ';') return line.slice(0, i);
  }
  return line;
}

function unquote(value: string): string {
  const quoted = /^'(.*)'$/.exec(value) ?? /^"(.*)"$/.exec(value);
  return quoted ? (quoted[1] ?? '') : value;
}

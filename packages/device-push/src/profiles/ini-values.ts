/** An incremental ini: `Name = Value` lines only (sections are optional in an incremental file). */
export function incrementalIni(parameters: Readonly<Record<string, string>>): string {
  const lines = Object.entries(parameters).map(([name, value]) => `${name} = ${value}`);
  return `; certwright device push\n${lines.join('\n')}\n`;
}

/**
 * The values of the named plain parameters in an ini text (table rows are skipped), matched
 * case-insensitively; comments and quotes removed. Missing parameters are absent from the result.
 */
export function readIniParameters(text: string, names: readonly string[]): Record<string, string> {
  const wanted = new Map(names.map((name) => [name.toLowerCase(), name]));
  const values: Record<string, string> = {};
  let inTable = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/;.*$/, '').trim();
    const section = /^\[\s*(\\?)([^\]]*?)\s*\]$/.exec(line);
    if (section) {
      // `[ Name ]` opens a table only when a FORMAT line follows; `[ \Name ]` closes one.
      inTable = section[1] === '' && !/params$/i.test(section[2] as string);
      continue;
    }
    if (inTable) continue;
    const match = /^([A-Za-z0-9_.]+)\s*=\s*(.*)$/.exec(line);
    const name = match && wanted.get((match[1] as string).toLowerCase());
    if (name)
      values[name] = (match[2] as string)
        .trim()
        .replace(/^'(.*)'$/, '$1')
        .replace(/^"(.*)"$/, '$1');
  }
  return values;
}

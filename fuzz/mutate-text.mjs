// Line-level mutations for text formats (PEM armour, CSV, JSON, YAML, ini): the shapes that make
// a line-oriented reader stumble or a regular expression backtrack.

const TOKENS = [
  '',
  ' ',
  '\t',
  '\r',
  '\u0000',
  '\ufeff',
  '"',
  "'",
  ',',
  ';',
  '=',
  '[',
  ']',
  '\\',
  '{',
  '}',
  ':',
  '- ',
  '#',
  '&a',
  '*a',
  '!!binary',
  '-----BEGIN CERTIFICATE-----',
  '-----END CERTIFICATE-----',
  '-----BEGIN PRIVATE KEY-----',
  'Proc-Type: 4,ENCRYPTED',
  'DEK-Info: AES-256-CBC,00',
  '\u001b[2J',
  '{"toString":1}',
  '__proto__',
  'constructor',
  'null',
  'true',
  '1e999',
  '-0',
  '9'.repeat(40),
];

/** Characters whose long runs make naive regular expressions backtrack. */
const RUN_CHARS = [' ', '\t', '[', ']', '=', ',', '"', "'", 'a', '0', '-', '\\', '.', ';', '\r', '\n'];

/** One to three line-level changes to `text`; `other` is another seed's text to splice from. */
export function mutateText(text, rng, other = '') {
  let lines = text.split('\n');
  const count = 1 + rng.below(3);
  for (let i = 0; i < count; i++) lines = mutateLines(lines, rng, other.split('\n'));
  return lines.join(rng.chance(0.05) ? '\r\n' : '\n');
}

function mutateLines(lines, rng, otherLines) {
  const at = rng.below(lines.length);
  const line = lines[at] ?? '';
  switch (rng.below(10)) {
    case 0:
      lines.splice(at, 1);
      return lines;
    case 1:
      lines.splice(at, 0, line);
      return lines;
    case 2: {
      const other = rng.below(lines.length);
      [lines[at], lines[other]] = [lines[other], lines[at]];
      return lines;
    }
    case 3: {
      const column = rng.below(line.length + 1);
      lines[at] = line.slice(0, column) + rng.pick(TOKENS) + line.slice(column);
      return lines;
    }
    case 4: {
      // A long run of one character: 502 bytes were enough to stall a backtracking ini regex.
      const column = rng.below(line.length + 1);
      const run = rng.pick(RUN_CHARS).repeat(rng.chance(0.9) ? 1 + rng.size(600) : 2000 + rng.below(60_000));
      lines[at] = line.slice(0, column) + run + line.slice(column);
      return lines;
    }
    case 5:
      lines.splice(at, 0, rng.pick(otherLines) ?? '');
      return lines;
    case 6: {
      const column = rng.below(line.length + 1);
      lines[at] = line.slice(0, column) + line.slice(column + 1 + rng.size(16));
      return lines;
    }
    case 7:
      lines[at] = `${line}${rng.pick(TOKENS)}`;
      return lines;
    case 8:
      return lines.slice(0, at);
    default: {
      const column = rng.below(line.length + 1);
      const code = rng.chance(0.5) ? rng.below(0x80) : rng.below(0x10000);
      lines[at] = line.slice(0, column) + String.fromCharCode(code) + line.slice(column);
      return lines;
    }
  }
}

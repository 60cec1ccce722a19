// parseInventory (device-push) on mutated device inventories: CSV, JSON and YAML, mutated as text
// and, for JSON, as values (a field given an object, an array, a number or a huge string).
import { parseInventory } from '@certwright/device-push';
import { mutateText } from '../mutate-text.mjs';

const ROWS = [
  {
    name: 'sbc-1',
    host: '192.0.2.10',
    port: 443,
    profile: 'mediant',
    protocol: 'https',
    tls_context: 0,
    username: 'Admin',
    pin_sha256: 'ab'.repeat(32),
    password_env: 'SBC_PASSWORD',
  },
  { name: 'gw-2', host: 'gw2.example.net', profile: 'mp1xx', username: 'admin', password_file: 'secrets/gw2.txt' },
  { name: 'sbc-3', host: '2001:db8::3', port: 8443, tls_context: 2, username: 'Admin', password: 'plain-text' },
];
const FIELDS = [
  'name',
  'host',
  'port',
  'profile',
  'protocol',
  'tls_context',
  'username',
  'pin_sha256',
  'password_env',
  'password_file',
  'password',
];
const HOSTILE_VALUES = [
  { toString: 1 },
  { valueOf: 1 },
  [],
  ['a'],
  null,
  true,
  1e308,
  -1,
  65536,
  0.5,
  '',
  'x'.repeat(100_000),
  '\u001b[2J',
  '__proto__',
];

const SEEDS = {
  csv: `${FIELDS.join(',')}\n${ROWS.map((row) => FIELDS.map((field) => csvCell(row[field])).join(',')).join('\n')}\n`,
  json: `${JSON.stringify({ devices: ROWS }, null, 2)}\n`,
  yaml: `devices:\n${ROWS.map((row) =>
    Object.entries(row)
      .map(([key, value], i) => `${i === 0 ? '  - ' : '    '}${key}: ${JSON.stringify(value)}`)
      .join('\n'),
  ).join('\n')}\n`,
};

function csvCell(value) {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export default {
  name: 'inventory',
  defaultVariant: 'csv',
  setup: () => ({}),
  generate(_state, rng) {
    const format = rng.pick(['csv', 'json', 'yaml']);
    if (format === 'json' && rng.chance(0.5)) {
      const rows = ROWS.map((row) => ({ ...row }));
      for (let count = 1 + rng.below(3); count > 0; count--) {
        rng.pick(rows)[rng.pick(FIELDS)] = rng.pick(HOSTILE_VALUES);
      }
      const document = rng.chance(0.8)
        ? { devices: rows }
        : rng.pick([rows, { devices: {} }, { devices: null }, 'x', 1]);
      return { variant: 'json', bytes: Buffer.from(JSON.stringify(document)) };
    }
    const other = SEEDS[rng.pick(['csv', 'json', 'yaml'])];
    return { variant: format, bytes: Buffer.from(mutateText(SEEDS[format], rng, other), 'utf8') };
  },
  async run(_state, input) {
    const options = { source: `fuzz.${input.variant}`, allowPlaintextPasswords: input.bytes.length % 2 === 0 };
    parseInventory(input.bytes.toString('utf8'), input.variant, options);
  },
};

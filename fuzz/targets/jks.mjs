// readJks and readJksPrivateKey on Java KeyStores built from parts and mutated at one layer: an
// entry's alias, date, type or chain count, a certificate, the key inside the key protector, the
// store's entry count, or raw bytes (with the integrity digest recomputed, or not).
import { readJks, readJksPrivateKey } from '@certwright/core';
import { cloneNodes, encodeDer, parseDer } from '../der-tree.mjs';
import { buildJks, integrityDigest } from '../jks-model.mjs';
import { mutateBytes } from '../mutate-bytes.mjs';
import { Random } from '../random.mjs';
import { certificates, FUZZ_PASSWORD, plainKeys } from '../seeds.mjs';
import { mutateNodes, prepareDer } from './common.mjs';

const ALIASES = [
  '\u001b[2J\u001b[Hall checks passed',
  'a\u0000b',
  '',
  'x'.repeat(70_000),
  '\u202eexe.crt',
  'root',
  'ROOT',
];
const CREATED = [0n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 8_640_000_000_000_001n, 1_800_000_000_000n];

export default {
  name: 'jks',
  defaultVariant: 'jks',
  setup() {
    const certs = certificates().slice(0, 6);
    const keys = plainKeys().filter((key) => key.label === 'PRIVATE KEY');
    const alias = (text) => Buffer.from(text, 'utf8');
    const created = 1_800_000_000_000n;
    const stores = [
      certs.slice(0, 3).map((der, i) => ({ tag: 2, alias: alias(`ca${i}`), created, certificates: [der] })),
      [{ tag: 1, alias: alias('server'), created, certificates: certs.slice(0, 3), pkcs8: keys[0].der }],
      [
        {
          tag: 1,
          alias: alias('ec'),
          created,
          certificates: [certs[3]],
          pkcs8: keys.find((k) => k.name.includes('ec-p256')).der,
        },
        { tag: 2, alias: alias('root'), created, certificates: [certs[4]] },
      ],
    ];
    const rng = new Random('jks seeds');
    const files = stores.map((entries) => buildJks(entries, FUZZ_PASSWORD, rng));
    return { stores, files, ...prepareDer([...certs, ...keys.map((key) => key.der)]) };
  },
  generate(state, rng) {
    const entries = rng.pick(state.stores).map((entry) => ({ ...entry, certificates: [...entry.certificates] }));
    const entry = rng.pick(entries);
    const options = {};
    const roll = rng.below(12);
    if (roll <= 2) {
      const index = rng.below(entry.certificates.length);
      entry.certificates[index] = mutatedDer(entry.certificates[index], state, rng);
    } else if (roll <= 4 && entry.pkcs8 !== undefined) {
      entry.pkcs8 = mutatedDer(entry.pkcs8, state, rng);
    } else if (roll === 5) {
      entry.alias = rng.chance(0.8) ? Buffer.from(rng.pick(ALIASES), 'utf8') : Buffer.from(rng.bytes(rng.size(40)));
      if (rng.chance(0.3)) entries.push({ ...entry });
    } else if (roll === 6) {
      entry.created = rng.pick(CREATED);
    } else if (roll === 7) {
      entry.tag = rng.pick([0, 3, 0xffffffff, 1, 2]);
    } else if (roll === 8) {
      entry.declaredChain = rng.pick([0, 2, 101, 0x7fffffff, 0xffffffff]);
    } else if (roll === 9) {
      options.declaredCount = rng.pick([0, entries.length + 1, 10_001, 0xffffffff]);
      if (rng.chance(0.2)) options.version = rng.pick([1, 3]);
    } else {
      // Raw bytes changed, with the digest computed again (reaches the entry parser) or not.
      const file = buildJks(entries, FUZZ_PASSWORD, rng);
      const body = mutateBytes(file.subarray(0, file.length - 20), rng, rng.pick(state.files));
      const digest = rng.chance(0.8) ? integrityDigest(FUZZ_PASSWORD, body) : file.subarray(file.length - 20);
      return { variant: 'jks', bytes: Buffer.concat([body, digest]) };
    }
    return { variant: 'jks', bytes: buildJks(entries, FUZZ_PASSWORD, rng, options) };
  },
  async run(_state, input) {
    const contents = readJks(input.bytes, { password: FUZZ_PASSWORD, source: 'fuzz.jks' });
    for (const entry of contents.entries) {
      if (entry.type !== 'privateKey') continue;
      await readJksPrivateKey(input.bytes, entry.alias, { password: FUZZ_PASSWORD, source: 'fuzz.jks' });
    }
  },
};

function mutatedDer(der, state, rng) {
  const tree = parseDer(der);
  if (tree === undefined) return mutateBytes(der, rng);
  const copy = cloneNodes(tree);
  mutateNodes(copy, state, rng);
  return rng.chance(0.1) ? mutateBytes(encodeDer(copy), rng) : encodeDer(copy);
}

// readPkcs12 (keys included) on PKCS#12 files built from parts and mutated at one layer: the bags
// of a safe, the plaintext key inside a shrouded key bag, the assembled structure, or raw bytes.
// Everything is encrypted and MAC-ed again with the known password after the mutation (except in
// the raw-bytes layer), so mutations reach the bag, certificate and key parsers.
import { readPkcs12 } from '@certwright/core';
import { cloneNodes } from '../der-tree.mjs';
import { mutateBytes } from '../mutate-bytes.mjs';
import { buildPfxTree, certBag, finishPfx, keyBag, localKeyIdOf } from '../pkcs12-model.mjs';
import { certificates, FUZZ_PASSWORD, plainKeys } from '../seeds.mjs';
import { kdfIterations, mutateNodes, prepareDer } from './common.mjs';
import { Random } from '../random.mjs';

export default {
  name: 'pkcs12',
  defaultVariant: 'pfx',
  setup() {
    const [a, b, c, d] = certificates();
    const keys = new Map(plainKeys().map((key) => [key.name, key.der]));
    const rsa = keys.get('test-rsa-2048.key');
    const ec = keys.get('test-ec-p256.key');
    const ed = keys.get('test-ed25519.key');
    const id = localKeyIdOf(a);
    const models = [
      {
        safes: [{ encryption: 'pbes2', bags: [certBag(a, 'root'), certBag(b, 'ca1')] }],
        mac: { hash: 'sha256', iterations: 2 },
      },
      {
        safes: [
          { encryption: 'pbes2', bags: [certBag(a, 'server', id), certBag(b), certBag(c)] },
          { encryption: 'none', bags: [keyBag(rsa, true, 'server', id)] },
        ],
        mac: { hash: 'sha256', iterations: 1 },
      },
      {
        safes: [{ encryption: 'none', bags: [certBag(a, undefined, id), keyBag(ec, false, 'ec', id)] }],
        mac: { hash: 'sha1', iterations: 3 },
      },
      {
        safes: [
          { encryption: '3des', bags: [certBag(c, 'c'), certBag(d, 'd')] },
          { encryption: 'none', bags: [keyBag(ed, true, undefined, id)] },
        ],
        mac: { hash: 'sha1', iterations: 1 },
      },
      { safes: [{ encryption: 'none', bags: [certBag(b, 'no mac')] }], mac: undefined },
    ];
    const rng = new Random('pkcs12 seeds');
    const files = models.map((model) => finishPfx(buildPfxTree(model, FUZZ_PASSWORD, rng), model, FUZZ_PASSWORD, rng));
    return { models, files, ...prepareDer(files) };
  },
  generate(state, rng) {
    const model = cloneModel(rng.pick(state.models));
    const roll = rng.below(10);
    if (roll === 0) {
      return { variant: 'pfx', bytes: mutateBytes(rng.pick(state.files), rng, rng.pick(state.files)) };
    }
    if (roll <= 3) {
      const tree = buildPfxTree(model, FUZZ_PASSWORD, rng);
      mutateNodes(tree, state, rng);
      return { variant: 'pfx', bytes: finishPfx(tree, model, FUZZ_PASSWORD, rng) };
    }
    const shrouded = model.safes
      .flatMap((safe) => safe.bags)
      .map((bag) => bag.children?.[1]?.children?.[0])
      .filter((value) => value?.plainKey);
    if (roll <= 5 && shrouded.length > 0) {
      const value = rng.pick(shrouded);
      value.plainKey = cloneNodes(value.plainKey);
      mutateNodes(value.plainKey, state, rng);
    } else if (roll === 6) {
      const safe = rng.pick(model.safes);
      safe.encryption = rng.pick(['none', 'pbes2', '3des']);
      if (model.mac !== undefined) {
        model.mac = {
          hash: rng.pick(['sha1', 'sha256']),
          iterations: 1,
          declaredIterations: rng.pick([undefined, 0, -1, 1_000_001, 2n ** 64n]),
          declaredHash: rng.pick([undefined, '2.16.840.1.101.3.4.2.3', '1.2.840.113549.2.5', '1.2.3.4']),
        };
      }
    } else {
      mutateNodes(rng.pick(model.safes).bags, state, rng);
    }
    return { variant: 'pfx', bytes: finishPfx(buildPfxTree(model, FUZZ_PASSWORD, rng), model, FUZZ_PASSWORD, rng) };
  },
  async run(_state, input) {
    await readPkcs12(input.bytes, { source: 'fuzz.p12', password: FUZZ_PASSWORD, includeKeys: true });
  },
  kdfIterations: (input) => kdfIterations(input.bytes),
};

/** A copy the mutations may change: safes, bag trees (shrouded keys' plaintext shared until mutated). */
function cloneModel(model) {
  return {
    mac: model.mac,
    safes: model.safes.map((safe) => ({ encryption: safe.encryption, bags: cloneNodes(safe.bags) })),
  };
}

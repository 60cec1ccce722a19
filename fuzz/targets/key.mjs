// readPrivateKey on mutated keys: PKCS#8, PKCS#1 and SEC 1 in DER and PEM, encrypted PKCS#8 with
// the key inside mutated before encryption (so it reaches the key parser), and legacy encrypted
// PEM likewise. A key that reads is then used: public key exported and a CSR signed with it.
import { createCsr, exportPublicKeyDer, readPrivateKey } from '@certwright/core';
import { encryptPkcs8, legacyEncrypt } from '../crypto-helpers.mjs';
import { encodePem } from '../pem.mjs';
import { FUZZ_PASSWORD, plainKeys } from '../seeds.mjs';
import { kdfIterations, mutateSeed, prepareDer } from './common.mjs';

export default {
  name: 'key',
  defaultVariant: 'der',
  setup() {
    const keys = plainKeys();
    const prepared = prepareDer(keys.map((key) => key.der));
    prepared.labels = keys.map((key) => key.label);
    return prepared;
  },
  generate(state, rng) {
    const index = rng.below(state.seeds.length);
    const seed = state.seeds[index];
    const label = state.labels[index];
    const der = mutateSeed(seed, state, rng);
    const roll = rng.below(10);
    if (roll < 4) return { variant: 'der', bytes: der };
    if (roll < 6) return { variant: 'pem', bytes: Buffer.from(encodePem(label, der, rng)) };
    if (roll < 9 && label === 'PRIVATE KEY') {
      // Mutate the plaintext key, or (sometimes) the encryption wrapper around an intact one.
      const inner = rng.chance(0.7) ? der : seed.der;
      let encrypted = encryptPkcs8(inner, FUZZ_PASSWORD, rng);
      if (inner === seed.der) encrypted = mutateSeed(prepareDer([encrypted]).seeds[0], state, rng);
      return rng.chance(0.5)
        ? { variant: 'encrypted', bytes: encrypted }
        : { variant: 'pem', bytes: Buffer.from(encodePem('ENCRYPTED PRIVATE KEY', encrypted, rng)) };
    }
    if (label === 'PRIVATE KEY') return { variant: 'der', bytes: der };
    const { headers, body } = legacyEncrypt(der, FUZZ_PASSWORD, rng);
    return { variant: 'pem', bytes: Buffer.from(encodePem(label, body, undefined, headers)) };
  },
  async run(_state, input) {
    const bytes = input.variant === 'pem' ? input.bytes.toString('utf8') : input.bytes;
    const { key } = await readPrivateKey(bytes, { source: 'fuzz.key', passphrase: FUZZ_PASSWORD });
    exportPublicKeyDer(key);
    await createCsr({ key, subject: { cn: 'fuzz.example' } });
  },
  kdfIterations: (input) => kdfIterations(input.bytes),
};

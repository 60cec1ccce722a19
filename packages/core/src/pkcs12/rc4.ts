/**
 * RC4 decryption for reading legacy PKCS#12 files (pbeWithSHAAnd128BitRC4 / 40BitRC4, written by
 * old Windows exports). OpenSSL 3 keeps RC4 in its legacy provider, which Node does not load, and
 * node-forge has no RC4; the cipher is a dozen lines. Reading only: Certwright never writes RC4.
 */
export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const state = new Uint8Array(256);
  for (let i = 0; i < 256; i++) state[i] = i;
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + (state[i] as number) + (key[i % key.length] as number)) & 0xff;
    [state[i], state[j]] = [state[j] as number, state[i] as number];
  }
  const out = new Uint8Array(data.length);
  let a = 0;
  let b = 0;
  for (let n = 0; n < data.length; n++) {
    a = (a + 1) & 0xff;
    b = (b + (state[a] as number)) & 0xff;
    [state[a], state[b]] = [state[b] as number, state[a] as number];
    out[n] = (data[n] as number) ^ (state[((state[a] as number) + (state[b] as number)) & 0xff] as number);
  }
  return out;
}

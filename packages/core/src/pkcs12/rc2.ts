/**
 * RC2-CBC decryption for reading legacy PKCS#12 files (pbeWithSHAAnd40BitRC2-CBC is what
 * `openssl pkcs12 -legacy` and older Windows exports use for certificates). OpenSSL 3 keeps RC2
 * in its legacy provider, which Node does not load, so node-forge's RC2 does it — loaded only
 * when such a file is met. Reading only: Certwright never writes RC2.
 */
let loading: Promise<typeof import('node-forge')> | undefined;

async function loadForge(): Promise<typeof import('node-forge')> {
  loading ??= import('node-forge').then(
    (module) => (module as { default?: typeof import('node-forge') }).default ?? module,
  );
  return loading;
}

/** Decrypts RC2-CBC with PKCS#7 padding; `effectiveBits` is 40 or 128. Throws on bad padding. */
export async function rc2CbcDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  effectiveBits: number,
): Promise<Uint8Array> {
  const forge = await loadForge();
  const decipher = forge.rc2.createDecryptionCipher(
    forge.util.createBuffer(Buffer.from(key).toString('binary')),
    effectiveBits,
  );
  decipher.start(forge.util.createBuffer(Buffer.from(iv).toString('binary')));
  decipher.update(forge.util.createBuffer(Buffer.from(data).toString('binary')));
  if (!decipher.finish()) throw new Error('RC2-CBC: bad padding');
  return new Uint8Array(Buffer.from(decipher.output.getBytes(), 'binary'));
}

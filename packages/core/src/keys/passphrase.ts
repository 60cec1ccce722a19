/**
 * Runs `use` with the passphrase as bytes (UTF-8 for a string, as OpenSSL reads a passphrase file)
 * and wipes the copy made from a string afterwards. The caller's own bytes are left as they are.
 */
export async function withPassphraseBytes<T>(
  passphrase: string | Uint8Array,
  use: (bytes: Uint8Array) => Promise<T>,
): Promise<T> {
  if (passphrase instanceof Uint8Array) return use(passphrase);
  const bytes = Buffer.from(passphrase, 'utf8');
  try {
    return await use(bytes);
  } finally {
    bytes.fill(0);
  }
}

import type { Io } from '../../io/io.js';
import { readSecret, type SecretSource } from '../../io/secrets.js';

/**
 * The store password getter for a file that may turn out to be PKCS#12 or JKS: core calls it only
 * then, so a PEM or DER input never prompts.
 */
export function storePasswordProvider(path: string, source: SecretSource, io: Io): () => Promise<string> {
  return () => readSecret(source, { flag: 'storepass', purpose: `store password for ${path}`, confirm: false }, io);
}

/** The password of a certificate input that may turn out to be PKCS#12 or JKS (`--inpass-…`), asked for only then. */
export function inputPasswordProvider(path: string, source: SecretSource, io: Io): () => Promise<string> {
  return () => readSecret(source, { flag: 'inpass', purpose: `store password of ${path}`, confirm: false }, io);
}

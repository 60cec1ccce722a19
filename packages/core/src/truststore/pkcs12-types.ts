import type { PrivateKey } from '../keys/types.js';
import type { Pkcs12Preset } from '../pkcs12/protect.js';

export type { Pkcs12Preset };

/** A certificate to put into a PKCS#12 trust store. */
export interface Pkcs12CertificateInput {
  /** Defaults to the subject common name, lower-cased (`-2`, `-3`, … appended when taken). */
  alias?: string;
  der: Uint8Array;
}

/** What `createPkcs12TrustStore` writes. */
export interface CreatePkcs12TrustStoreOptions {
  certificates: readonly Pkcs12CertificateInput[];
  /** Protects the file (MAC and encryption); never written anywhere. */
  password: string;
  /**
   * `modern` (default): PBES2 AES-256-CBC and HMAC-SHA256, 10,000 iterations (keytool's defaults).
   * `compat`: 3DES and HMAC-SHA1, 2,048 iterations, for readers without PBES2 support.
   */
  preset?: Pkcs12Preset;
}

/** What `createPkcs12KeyStore` writes: one private key with its chain. */
export interface CreatePkcs12KeyStoreOptions {
  /** Defaults to the leaf's subject common name, lower-cased. */
  alias?: string;
  key: PrivateKey;
  /** DER certificates, leaf first. */
  chain: readonly Uint8Array[];
  /** Protects the file and the key (Java and OpenSSL expect one password for both). */
  password: string;
  /** See {@link CreatePkcs12TrustStoreOptions.preset}. */
  preset?: Pkcs12Preset;
}

/** A trusted certificate to add to an existing PKCS#12 store. */
export interface AddPkcs12TrustedCertificateOptions {
  alias: string;
  der: Uint8Array;
  /** The store's password (checked by its MAC before anything changes). */
  password: string;
  /** Names the file in error messages. */
  source?: string;
}

/** The entry to remove from an existing PKCS#12 store. */
export interface RemovePkcs12EntryOptions {
  alias: string;
  password: string;
  source?: string;
}

import type { PrivateKey } from '../keys/types.js';

/** A certificate to put into a JKS trust store. */
export interface JksCertificateInput {
  /** Defaults to the subject common name, lower-cased (`-2`, `-3`, … appended when taken). */
  alias?: string;
  der: Uint8Array;
}

/** What `createJksTrustStore` writes. */
export interface CreateJksTrustStoreOptions {
  certificates: readonly JksCertificateInput[];
  /** The store password (the integrity check); never written anywhere. */
  password: string;
  /** The creation date of every entry; defaults to the current time. */
  now?: Date;
}

/** What `createJksKeyStore` writes: one private key entry. */
export interface CreateJksKeyStoreOptions {
  alias: string;
  key: PrivateKey;
  /** DER certificates, leaf first. */
  chain: readonly Uint8Array[];
  password: string;
  /** The password protecting the key; defaults to the store password (what keytool expects). */
  keyPassword?: string;
  now?: Date;
}

/** How to open a JKS file. */
export interface ReadJksOptions {
  password: string;
  /** A name for the input (usually the file name) that starts every error message. */
  source?: string;
}

/** One entry of a JKS file. */
export interface JksEntry {
  alias: string;
  type: 'trustedCertificate' | 'privateKey';
  created: Date;
  /** DER: the chain (leaf first) of a key entry, the one certificate of a trusted entry. */
  certificates: Uint8Array[];
}

/** A JKS file's contents (private keys stay encrypted: see `readJksPrivateKey`). */
export interface JksContents {
  entries: JksEntry[];
}

/** How to decrypt a key entry. */
export interface ReadJksPrivateKeyOptions extends ReadJksOptions {
  /** Defaults to the store password. */
  keyPassword?: string;
}

/** A trusted certificate to add to an existing store. */
export interface AddJksTrustedCertificateOptions {
  alias: string;
  der: Uint8Array;
  password: string;
  now?: Date;
  /** A name for the store (usually the file name) that starts every error message. */
  source?: string;
}

/** The entry to remove from an existing store. */
export interface RemoveJksEntryOptions {
  alias: string;
  password: string;
  /** A name for the store (usually the file name) that starts every error message. */
  source?: string;
}

import { X509Certificate } from 'node:crypto';
import {
  createJksKeyStore,
  createJksTrustStore,
  createPkcs12KeyStore,
  createPkcs12TrustStore,
  defaultAlias,
  detectFormat,
  KeyError,
  keyMatchesCertificate,
  type PrivateKey,
  readCertificates,
  readJks,
  readJksPrivateKey,
  readPkcs12,
  readPrivateKey,
} from '@certwright/core';
import { usageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { assertWritable, PRIVATE_MODE, PUBLIC_MODE, readUserFile, writeFileAtomic } from '../io/files.js';
import type { Io } from '../io/io.js';
import { terminalText } from '../io/terminal-text.js';
import { readSecret } from '../io/secrets.js';
import type { Outcome, Talk } from '../render/outcome.js';
import type { ConvertOptions } from '../commands/convert.js';
import { holdsPrivateKey } from './shared/pem-labels.js';
import { inputPasswordProvider } from './shared/store-password.js';
import { type EntrySummary, readNewStorePassword, summarize } from './truststore/shared.js';

/** convert's options when it writes a store. */
export type ConvertToStoreOptions = ConvertOptions & { to: 'p12' | 'jks' };

/** The store written (the --json fields, docs/cli.md). */
export type ConvertToStoreResult =
  | { file: string; out: string; to: 'p12' | 'jks'; kind: 'truststore'; entries: EntrySummary[] }
  | { file: string; out: string; to: 'p12' | 'jks'; kind: 'keystore'; alias: string; chain: EntrySummary[] };

/** What an input holds: certificates in file order (with their PKCS#12 aliases) and private keys. */
interface InputContents {
  certificates: { der: Uint8Array; alias?: string; localKeyId?: string }[];
  keys: { key: PrivateKey; alias?: string; localKeyId?: string }[];
  /** True when the input holds a key that was not read (--trust-only). */
  keysLeftBehind: boolean;
}

/**
 * Writes a PKCS#12 or JKS store from any input: a keystore (the key, its certificate and the
 * chain above it) when the input holds one private key, otherwise a trust store.
 */
export async function convertToStore(
  options: ConvertToStoreOptions,
  io: Io,
  talk: Talk,
): Promise<Outcome<ConvertToStoreResult>> {
  const { input, out, to } = options;
  if (to !== 'p12' && options.preset !== undefined) throw usageError('--preset applies to --to p12 only', 'preset');
  await assertWritable(io.cwd, [out], options.force);
  const contents = await readInput(options, io);
  if (contents.keys.length > 1) {
    throw usageError(
      `${input} holds ${contents.keys.length} private keys; convert writes a keystore with one (use --trust-only for the certificates)`,
    );
  }
  const [key] = contents.keys;
  if (contents.keysLeftBehind) {
    talk.warn('WARN_FORMAT_KEYS_NOT_CONVERTED', `${input} also holds a private key; --trust-only leaves it behind`);
  }
  if (key === undefined || options.trustOnly) {
    if (options.alias !== undefined)
      throw usageError(
        '--alias names a keystore entry; a trust store takes its aliases from the input or the CN',
        'alias',
      );
    return writeTrustStore(contents, options, io, talk);
  }
  return writeKeyStore(contents, key, options, io, talk);
}

/**
 * A JKS: every entry's certificates under its alias; a key entry's key decrypted with the store
 * password (keytool's default) and paired with its certificate through the alias.
 */
async function readJksInput(
  bytes: Uint8Array,
  options: ConvertToStoreOptions,
  password: string,
): Promise<InputContents> {
  const source = options.input;
  const contents: InputContents = { certificates: [], keys: [], keysLeftBehind: false };
  for (const entry of readJks(bytes, { password, source }).entries) {
    const isKey = entry.type === 'privateKey';
    entry.certificates.forEach((der, index) => {
      const first = index === 0;
      contents.certificates.push({
        der,
        ...(first ? { alias: entry.alias } : {}),
        ...(first && isKey ? { localKeyId: entry.alias } : {}),
      });
    });
    if (!isKey) continue;
    if (options.trustOnly) contents.keysLeftBehind = true;
    else {
      const key = await readJksPrivateKey(bytes, entry.alias, { password, source });
      contents.keys.push({ key, alias: entry.alias, localKeyId: entry.alias });
    }
  }
  return contents;
}

async function readInput(options: ConvertToStoreOptions, io: Io): Promise<InputContents> {
  const { input } = options;
  const bytes = await readUserFile(io.cwd, input);
  const detection = detectFormat(bytes, { source: input });
  const inpass = inputPasswordProvider(input, options.inpass, io);
  if (detection.format === 'jks') return readJksInput(bytes, options, await inpass());
  if (detection.format === 'pkcs12') {
    const pfx = await readPkcs12(bytes, { source: input, password: inpass, includeKeys: !options.trustOnly });
    return {
      certificates: pfx.certificates.map(({ der, friendlyName, localKeyId }) => ({
        der,
        ...(friendlyName === undefined ? {} : { alias: friendlyName }),
        ...(localKeyId === undefined ? {} : { localKeyId }),
      })),
      keysLeftBehind: options.trustOnly && pfx.keyCount > 0,
      keys: pfx.keys.map(({ key, friendlyName, localKeyId }) => ({
        key,
        ...(friendlyName === undefined ? {} : { alias: friendlyName }),
        ...(localKeyId === undefined ? {} : { localKeyId }),
      })),
    };
  }
  const certificates = (await readCertificates(bytes, { source: input, password: inpass })).map((der) => ({ der }));
  const hasKey = holdsPrivateKey(detection.blocks);
  if (!hasKey || options.trustOnly) return { certificates, keys: [], keysLeftBehind: hasKey };
  const passphrase = () =>
    readSecret(
      options.passphrase,
      { flag: 'passphrase', purpose: `passphrase for the key in ${input}`, confirm: false },
      io,
    );
  const { key } = await readPrivateKey(bytes, { source: input, passphrase });
  return { certificates, keys: [{ key }], keysLeftBehind: false };
}

async function writeTrustStore(
  contents: InputContents,
  options: ConvertToStoreOptions,
  io: Io,
  talk: Talk,
): Promise<Outcome<ConvertToStoreResult>> {
  const { out, to, input } = options;
  // Input aliases carry over when they are unique ignoring case (Java lower-cases them); else the CN decides.
  const aliases = contents.certificates.map((certificate) => certificate.alias?.toLowerCase());
  const unique = aliases.every((alias, index) => alias !== undefined && aliases.indexOf(alias) === index);
  const inputs = contents.certificates.map(({ der, alias }) =>
    unique && alias !== undefined ? { der, alias } : { der },
  );
  const password = await readNewStorePassword(out, options.storepass, io);
  const data =
    to === 'jks'
      ? createJksTrustStore({ certificates: inputs, password, now: io.now() })
      : await createPkcs12TrustStore({ certificates: inputs, password, preset: options.preset });
  const written =
    to === 'jks'
      ? readJks(data, { password, source: out }).entries.map((entry) => entry.alias)
      : (await readPkcs12(data, { password, source: out })).certificates.map(
          (certificate) => certificate.friendlyName ?? null,
        );
  const entries: EntrySummary[] = [];
  for (const [index, { der }] of contents.certificates.entries()) {
    entries.push(await summarize(written[index] ?? null, 'trustedCertificate', der, input));
  }
  await writeFileAtomic(io.cwd, { path: out, data, mode: PUBLIC_MODE }, options.force);
  talk.note(
    `wrote a ${to} trust store with ${entries.length} trusted certificate(s) from ${input} to ${out} (mode 0644)`,
  );
  return talk.outcome(ExitCode.ok, { file: input, out, to, kind: 'truststore', entries });
}

async function writeKeyStore(
  contents: InputContents,
  key: InputContents['keys'][number],
  options: ConvertToStoreOptions,
  io: Io,
  talk: Talk,
): Promise<Outcome<ConvertToStoreResult>> {
  const { out, to, input } = options;
  const leaf = await findLeaf(contents, key);
  if (leaf === undefined) {
    throw new KeyError('ERR_KEY_MISMATCH', `${input}: the private key matches none of its certificates`, {
      source: input,
    });
  }
  const chain = orderChain(
    leaf.der,
    contents.certificates.map((certificate) => certificate.der),
  );
  const leftOut = contents.certificates.length - chain.length;
  if (leftOut > 0) {
    talk.warn(
      'WARN_FORMAT_CERTIFICATES_LEFT_OUT',
      `${input}: ${leftOut} certificate(s) are not in the key's chain and were left out of the keystore`,
    );
  }
  const alias = options.alias ?? key.alias ?? leaf.alias ?? defaultAlias(leaf.der);
  const password = await readNewStorePassword(out, options.storepass, io);
  const data =
    to === 'jks'
      ? await createJksKeyStore({ alias, key: key.key, chain, password, now: io.now() })
      : await createPkcs12KeyStore({ alias, key: key.key, chain, password, preset: options.preset });
  const entries: EntrySummary[] = [];
  for (const der of chain) entries.push(await summarize(entries.length === 0 ? alias : null, 'chain', der, input));
  await writeFileAtomic(io.cwd, { path: out, data, mode: PRIVATE_MODE }, options.force);
  talk.note(
    `wrote a ${to} keystore from ${input} to ${out} (mode 0600): key ${terminalText(alias)} with ${chain.length} certificate(s)`,
  );
  return talk.outcome(ExitCode.ok, { file: input, out, to, kind: 'keystore', alias, chain: entries });
}

/** The key's certificate: the one with the key's localKeyId, else the first whose public key matches. */
async function findLeaf(contents: InputContents, key: InputContents['keys'][number]) {
  const byId = contents.certificates.find(
    (certificate) => key.localKeyId !== undefined && certificate.localKeyId === key.localKeyId,
  );
  const candidates = byId === undefined ? contents.certificates : [byId, ...contents.certificates];
  for (const certificate of candidates) {
    if (await keyMatchesCertificate(key.key, certificate.der)) return certificate;
  }
  return undefined;
}

/** Leaf first, then each certificate's issuer among the others, until a self-issued one or none is found. */
function orderChain(leaf: Uint8Array, pile: readonly Uint8Array[]): Uint8Array[] {
  const parsed = pile.map((der) => ({ der, x509: new X509Certificate(der) }));
  const chain = [{ der: leaf, x509: new X509Certificate(leaf) }];
  for (;;) {
    const last = chain[chain.length - 1] as (typeof chain)[number];
    if (last.x509.checkIssued(last.x509)) break;
    const issuer = parsed.find(
      (candidate) =>
        !chain.some((link) => link.x509.raw.equals(candidate.x509.raw)) &&
        last.x509.checkIssued(candidate.x509) &&
        last.x509.verify(candidate.x509.publicKey),
    );
    if (issuer === undefined) break;
    chain.push(issuer);
  }
  return chain.map((link) => link.der);
}

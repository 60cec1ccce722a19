import {
  checkInstallSet,
  type InstallCertificateName,
  type InstallSetCheck,
  INSTALL_FILES,
  type PrivateKey,
} from '@certwright/core';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readUserFile } from '../files/read.js';
import { type PassphraseSource, readKeyBytes } from '../keys/read-key-file.js';
import type { Progress } from '../progress.js';
import type { PlanFileSet } from './plan.js';

/** A server set read from local disk and checked as `certwright install` checks it. */
export interface LoadedSet {
  source: PlanFileSet;
  certificates: Partial<Record<InstallCertificateName, Uint8Array>>;
  keyFile: Uint8Array;
  key: PrivateKey;
  check: InstallSetCheck;
  /** server.crt as DER: what the node must serve afterwards. */
  serverDer: Uint8Array;
  /** Every file the node's target will hold, by name (the key as server.key). */
  files: Map<string, Uint8Array>;
}

const CERTIFICATE_NAMES: readonly InstallCertificateName[] = ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt'];

/**
 * Reads and checks every distinct set of the plan before any node is touched: chain valid for
 * TLS server use, files in root → ca1 → ca2 → server order, key matching server.crt, not expired.
 *
 * @throws InstallError ERR_INSTALL_* (a refusal: exit 1), or file and key errors (exit 3)
 */
export async function loadSets(sets: readonly PlanFileSet[], options: SetReading): Promise<Map<string, LoadedSet>> {
  const loaded = new Map<string, LoadedSet>();
  for (const set of sets) {
    const id = setId(set);
    if (!loaded.has(id)) loaded.set(id, await loadSet(set, options));
  }
  return loaded;
}

/** How the sets are read: from where, the key's passphrase, when they must be valid, where warnings go. */
export interface SetReading {
  cwd: string;
  passphrase: PassphraseSource | undefined;
  at: Date;
  progress: Progress;
}

/** Two nodes with the same files share one loaded set. */
export function setId(set: PlanFileSet): string {
  return `${set.dir}\0${set.key}`;
}

async function loadSet(set: PlanFileSet, { cwd, passphrase, at, progress }: SetReading): Promise<LoadedSet> {
  const certificates: LoadedSet['certificates'] = {};
  for (const name of CERTIFICATE_NAMES) {
    const bytes = await readUserFile(cwd, join(set.dir, name)).catch((error: { code?: string }) => {
      if (error.code === 'ERR_FILE_NOT_FOUND') return undefined;
      throw error;
    });
    if (bytes !== undefined) certificates[name] = bytes;
  }
  // Read once: the bytes installed are the bytes whose key was checked.
  const keyFile = await readUserFile(cwd, set.key);
  const key = await readKeyBytes(set.key, keyFile, passphrase, progress);
  const check = await checkInstallSet({ certificates, key, at });
  for (const warning of check.warnings) progress.warn(warning.code, `${set.dir}: ${warning.message}`);
  const server = check.certificates.find((entry) => entry.name === 'server.crt');
  const files = new Map<string, Uint8Array>();
  for (const entry of check.certificates) files.set(entry.name, certificates[entry.name] as Uint8Array);
  files.set(INSTALL_FILES.key, keyFile);
  return { source: set, certificates, keyFile, key, check, serverDer: server?.certificate.der as Uint8Array, files };
}

/** SHA-256 over the plan text and every file it installs: --resume refuses when any changed. */
export function rotationDigest(planText: string, sets: Iterable<LoadedSet>): string {
  const hash = createHash('sha256').update(planText);
  for (const set of sets) {
    for (const [name, data] of [...set.files].sort(([a], [b]) => a.localeCompare(b))) {
      hash.update(`\0${set.source.dir}/${name}\0`).update(data);
    }
  }
  return hash.digest('hex');
}

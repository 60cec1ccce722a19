import { join } from 'node:path';
import { exportPrivateKeyPem, type PrivateKey, readCertificates, readPrivateKey } from '@certwright/core';
import { assertDevicesTakeKey, boardFromServerSet, DeviceError, traditionalKeyPem } from '@certwright/device-push';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import {
  assertWritable,
  ensureDirectory,
  PRIVATE_MODE,
  PUBLIC_MODE,
  readUserFile,
  writeFilesAtomic,
} from '../../io/files.js';
import type { Io } from '../../io/io.js';
import { hasSecretSource, readSecret, type SecretSource } from '../../io/secrets.js';
import type { DeviceFilesOptions } from '../../commands/device/files.js';
import type { Progress } from '../../render/outcome.js';
import { type Compute, noText, present } from '../../render/present.js';
import { keyEncryptionSummary } from '../shared/key-passphrase.js';
import { DEFAULT_FILE_NAMES, fetchDefaultFiles } from './fetch-default-files.js';
import { readInventoryFile } from './inventory-file.js';
import { fingerprintText } from '../../render/fingerprint.js';

export type { DeviceFilesOptions };

/** The three files written (the --json fields, docs/cli.md). */
export interface DeviceFilesResult {
  source: string;
  outDir: string;
  files: { certificate: string; key: string; root: string };
  fingerprint: string;
  intermediates: number;
  keyEncrypted: boolean;
}

/** The material the three files are made from, and the passphrase the key came with (if any). */
interface Source {
  label: string;
  server: Uint8Array;
  intermediates: Uint8Array[];
  root: Uint8Array;
  key: PrivateKey;
  keyPassphrase: string | undefined;
}

/**
 * Writes board_cert.pem, board_pkey.pem and root.pem for the devices: from a server set (--from, --key), or
 * OVOC's defaults copied over SFTP (--fetch-default). All three are written or none; the key encrypted
 * (PKCS#8, 0600) unless --unencrypted-key. Exit 1 when the key does not match, the set does not chain, or a
 * device of --inventory cannot take the key (an EC key for an RSA-only MP-1xx).
 */
export const deviceFiles: Compute<DeviceFilesOptions, DeviceFilesResult> = async (options, io, talk) => {
  const output = talk;
  checkFlags(options);
  const paths = DEFAULT_FILE_NAMES.map((name) => join(options.outDir, name));
  await assertWritable(io.cwd, paths, options.force);
  // Only each row's name and profile are used: no password is read, so a `password` column is no reason to stop.
  const devices =
    options.inventory === undefined
      ? []
      : await readInventoryFile(options.inventory, io, { allowPlaintextPasswords: true });
  const source = options.from !== undefined ? await fromServerSet(options, io) : await fromOvoc(options, io);
  assertDevicesTakeKey(source.key, devices);
  if (options.allowWeakBoardKey) {
    output.warn(
      'WARN_WEAK_BOARD_KEY',
      '--allow-weak-board-key: an RSA key below 2048 bits or a SHA-1 signature is accepted; such a key can be broken and such a signature forged, so replace these files with a new server set soon',
    );
  }
  const board = await boardFromServerSet({ ...source, at: io.now(), allowWeak: options.allowWeakBoardKey }).catch(
    (error: unknown) => {
      if (error instanceof DeviceError && /ERR_CHAIN_WEAK/.test(error.message)) {
        throw new DeviceError(
          'ERR_DEVICE_PREFLIGHT',
          `${error.message.replace(/^pre-flight: /, '')}; OVOC's default files are RSA-1024/SHA-1: --allow-weak-board-key lets them through`,
          { device: 'pre-flight', field: 'allow-weak-board-key' },
        );
      }
      throw error;
    },
  );
  const passphrase = await keyPassphrase(options, source, io, output);
  const keyPem =
    passphrase === undefined ? traditionalKeyPem(source.key) : await exportPrivateKeyPem(source.key, { passphrase });
  await ensureDirectory(io.cwd, options.outDir);
  const [certPath, keyPath, rootPath] = paths as [string, string, string];
  await writeFilesAtomic(
    io.cwd,
    [
      { path: certPath, data: board.certificatePem, mode: PUBLIC_MODE },
      { path: keyPath, data: keyPem, mode: PRIVATE_MODE },
      { path: rootPath, data: board.rootPem, mode: PUBLIC_MODE },
    ],
    options.force,
  );
  output.note(
    `wrote ${certPath}: the device certificate SHA-256 ${fingerprintText(board.fingerprint)} and ${board.intermediates} intermediate(s)`,
  );
  output.note(`wrote ${keyPath}: ${keyEncryptionSummary(passphrase)}`);
  output.note(`wrote ${rootPath}: the root the devices trust`);
  return talk.outcome(ExitCode.ok, {
    source: source.label,
    outDir: options.outDir,
    files: { certificate: certPath, key: keyPath, root: rootPath },
    fingerprint: board.fingerprint,
    intermediates: board.intermediates,
    keyEncrypted: passphrase !== undefined,
  });
};

function checkFlags(options: DeviceFilesOptions): void {
  if ((options.from === undefined) === (options.fetchDefault === undefined)) {
    throw usageError('give exactly one of --from and --fetch-default', 'from');
  }
  if (options.from !== undefined && options.key === undefined) {
    throw usageError('--from needs --key: the private key of server.crt', 'key');
  }
  if (options.fetchDefault !== undefined && options.key !== undefined) {
    throw usageError('--key goes with --from; --fetch-default copies the key OVOC keeps', 'key');
  }
  if (options.fetchDefault !== undefined && options.identity === undefined) {
    throw usageError('--fetch-default needs --identity: the SSH key to log in with', 'identity');
  }
  if (options.unencryptedKey && hasSecretSource(options.outPassphrase)) {
    throw usageError('--unencrypted-key contradicts --out-passphrase-…', 'unencrypted-key');
  }
}

/** root.crt, ca1.crt, ca2.crt (when present) and server.crt of a server set, and its key. */
async function fromServerSet(options: DeviceFilesOptions, io: Io): Promise<Source> {
  const dir = options.from as string;
  const read = async (name: string) => {
    const path = join(dir, name);
    const [certificate] = await readCertificates(await readUserFile(io.cwd, path), { source: path });
    return certificate as Uint8Array;
  };
  const optional = async (name: string) =>
    read(name).catch((error: { code?: string }) => {
      if (error.code === 'ERR_FILE_NOT_FOUND') return undefined;
      throw error;
    });
  const intermediates = (await Promise.all(['ca1.crt', 'ca2.crt'].map(optional))).filter(
    (certificate): certificate is Uint8Array => certificate !== undefined,
  );
  const { key, passphrase } = await readKeyKeepingPassphrase(options.key as string, options.passphrase, io);
  return {
    label: dir,
    server: await read('server.crt'),
    intermediates,
    root: await read('root.crt'),
    key,
    keyPassphrase: passphrase,
  };
}

/** OVOC's default board files, over SFTP. */
async function fromOvoc(options: DeviceFilesOptions, io: Io): Promise<Source> {
  const host = options.fetchDefault as string;
  const files = await fetchDefaultFiles(
    {
      host,
      port: options.sshPort,
      user: options.sshUser,
      remoteDir: options.remoteDir,
      identity: options.identity as string,
      sshPassphrase: options.sshPassphrase,
      knownHosts: options.knownHosts,
    },
    io,
  );
  const where = (name: string) => `${host}:${options.remoteDir}/${name}`;
  const [server, ...intermediates] = await readCertificates(files['board_cert.pem'] as Buffer, {
    source: where('board_cert.pem'),
  });
  const [root] = await readCertificates(files['root.pem'] as Buffer, { source: where('root.pem') });
  let keyPassphrase: string | undefined;
  const { key } = await readPrivateKey(files['board_pkey.pem'] as Buffer, {
    source: where('board_pkey.pem'),
    passphrase: async () => {
      keyPassphrase = await readSecret(
        options.passphrase,
        { flag: 'passphrase', purpose: `passphrase for ${where('board_pkey.pem')}`, confirm: false },
        io,
      );
      return keyPassphrase;
    },
  });
  return {
    label: `${host}:${options.remoteDir}`,
    server: server as Uint8Array,
    intermediates,
    root: root as Uint8Array,
    key,
    keyPassphrase,
  };
}

async function readKeyKeepingPassphrase(
  path: string,
  source: SecretSource,
  io: Io,
): Promise<{ key: PrivateKey; passphrase: string | undefined }> {
  let passphrase: string | undefined;
  const { key } = await readPrivateKey(await readUserFile(io.cwd, path), {
    source: path,
    passphrase: async () => {
      passphrase = await readSecret(
        source,
        { flag: 'passphrase', purpose: `passphrase for ${path}`, confirm: false },
        io,
      );
      return passphrase;
    },
  });
  return { key, passphrase };
}

/**
 * undefined (write unencrypted) only with --unencrypted-key, which warns. Otherwise --out-passphrase-…, else
 * the passphrase the key came with, else one asked for (confirmed) on a terminal.
 */
async function keyPassphrase(
  options: DeviceFilesOptions,
  source: Source,
  io: Io,
  output: Progress,
): Promise<string | undefined> {
  if (options.unencryptedKey) {
    output.warn(
      'WARN_KEY_UNENCRYPTED',
      'writing board_pkey.pem unencrypted (--unencrypted-key), as PKCS#1/SEC1: protect the file yourself',
    );
    return undefined;
  }
  if (hasSecretSource(options.outPassphrase) || source.keyPassphrase === undefined) {
    return readSecret(
      options.outPassphrase,
      {
        flag: 'out-passphrase',
        purpose: 'passphrase for board_pkey.pem',
        confirm: true,
        alternative: 'or --unencrypted-key',
      },
      io,
    );
  }
  return source.keyPassphrase;
}

/** The command's handler: the work, then its rendering (the notes on stderr say what was written). */
export const deviceFilesHandler = present(deviceFiles, noText);

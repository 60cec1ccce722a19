import { type InstallServerSetResult, installServerSet } from '@certwright/core';
import { RotateError } from '../errors.js';
import { readUserFile } from '../files/read.js';
import type { PassphraseSource } from '../keys/read-key-file.js';
import { type Progress, silentProgress } from '../progress.js';
import { loadSets } from '../rotate/file-sets.js';
import { describe, type ProbeOutcome, probeUntilServed } from '../rotate/probe.js';
import { parseKnownHosts } from '../ssh/known-hosts.js';
import { SftpInstallFileSystem } from '../ssh/sftp-fs.js';
import { readSshIdentity } from '../ssh/ssh-identity.js';
import { describeExit, outputTail, SshSession } from '../ssh/ssh-session.js';
import { ReloadCommandError } from './reload-command.js';

/** What `installOverSsh` is asked to do: one server, reached over SSH. */
export interface InstallOverSshOptions {
  /** The directory the local paths are relative to. */
  cwd: string;
  host: string;
  port?: number;
  user: string;
  /** The SSH private key (OpenSSH, PEM or PPK). */
  identityFile: string;
  /** Its passphrase, asked for only when it is encrypted. */
  sshPassphrase?: (identityFile: string) => Promise<string>;
  /** known_hosts listing the server's host key (`[host]:port` for ports other than 22). */
  knownHosts: string | undefined;
  /** Do NOT check the host key (knownHosts may then be undefined; a warning says so). */
  insecureSkipHostKeyCheck?: boolean;
  /** The set to install, on this machine: root.crt, ca1.crt, ca2.crt, server.crt as `import` wrote them. */
  dir: string;
  /** The server's private key, installed unchanged as server.key (0600). */
  key: string;
  passphrase?: PassphraseSource;
  /** The server's certificate directory (absolute, on the server). */
  target: string;
  /** Where the timestamped backups go on the server (default `<target>.backups`). */
  backupDir?: string;
  /** A command run on the server after the swap; the previous set is put back when it fails. */
  reload?: { command: string; timeoutSeconds: number };
  /** After the reload: which certificate the server serves on this TLS port (reported, not enforced). */
  probe?: { host?: string; port: number; serverName?: string; timeoutSeconds?: number };
  /** When the set must be valid (default now). */
  at?: Date;
  now?: () => Date;
  progress?: Progress;
}

/** The install on the server, and what its TLS port serves afterwards when a probe was asked for. */
export interface InstallOverSshResult extends InstallServerSetResult {
  probe: (ProbeOutcome & { expected: string }) | undefined;
}

/**
 * Workflow step 5 on another machine: the set checked here (chain valid, key matches, not expired),
 * then swapped into the server's directory over SFTP by the same journaled install as on this
 * machine, the reload command run over SSH, the previous set put back when it fails. The host key
 * is checked against known_hosts. For an HA pair, one node after another with a resumable
 * journal, use rotatePair.
 *
 * @throws RotateError ERR_SSH_* (host key, identity, connection, SFTP); InstallError ERR_INSTALL_* (a refused
 *   set, a failed reload — rolled back); file and key errors
 */
export async function installOverSsh(options: InstallOverSshOptions): Promise<InstallOverSshResult> {
  const progress = options.progress ?? silentProgress;
  const now = options.now ?? (() => new Date());
  const at = options.at ?? now();
  const [set] = (
    await loadSets([{ dir: options.dir, key: options.key }], {
      cwd: options.cwd,
      passphrase: options.passphrase,
      at,
      progress,
    })
  ).values();
  if (set === undefined) throw new Error('installOverSsh: the set was not read');
  const session = await connect(options, progress);
  const { reload } = options;
  try {
    const fs = new SftpInstallFileSystem(await session.sftp(), options.host);
    progress.note(`${options.host}: uploading and swapping the set into ${options.target}`);
    const result = await installServerSet({
      fs,
      target: options.target,
      certificates: set.certificates,
      keyFile: set.keyFile,
      key: set.key,
      at,
      now,
      ...(options.backupDir === undefined ? {} : { backupRoot: options.backupDir }),
      ...(reload === undefined ? {} : { reload: () => reloadOver(session, reload) }),
    });
    const probe =
      options.probe === undefined ? undefined : await probeServed(options.probe, options.host, set.serverDer);
    return { ...result, probe };
  } finally {
    session.close();
  }
}

async function connect(options: InstallOverSshOptions, progress: Progress): Promise<SshSession> {
  const port = options.port ?? 22;
  if (options.insecureSkipHostKeyCheck) {
    progress.warn(
      'WARN_SSH_HOST_KEY_UNCHECKED',
      `the SSH host key of ${options.host} is NOT checked: anyone between here and it can receive the private key`,
    );
  } else if (options.knownHosts === undefined) {
    throw new RotateError('ERR_SSH_HOST_KEY_UNKNOWN', `${options.host}: no known_hosts to check its host key with`);
  }
  const knownHosts =
    options.insecureSkipHostKeyCheck || options.knownHosts === undefined
      ? undefined
      : parseKnownHosts(Buffer.from(await readUserFile(options.cwd, options.knownHosts)).toString('utf8'));
  const identity = await readSshIdentity(options.identityFile, {
    cwd: options.cwd,
    passphrase:
      options.sshPassphrase ??
      (async () => {
        throw new RotateError('ERR_SSH_IDENTITY', `${options.identityFile}: encrypted, and no passphrase was given`);
      }),
  });
  progress.note(`${options.host}: connecting to ${options.user}@${options.host}:${port}`);
  return SshSession.connect({
    name: options.host,
    host: options.host,
    port,
    user: options.user,
    identity,
    knownHosts,
    knownHostsFile: options.knownHosts,
  });
}

/** The reload command over SSH; a failure is the install's (it rolls back), with the command's output. */
async function reloadOver(session: SshSession, reload: { command: string; timeoutSeconds: number }): Promise<void> {
  const result = await session.exec(reload.command, reload.timeoutSeconds * 1000);
  if (result.exitCode !== 0) {
    throw new ReloadCommandError(
      `the reload command ${describeExit(result)}${outputTail(result.output)}`,
      result.output,
    );
  }
}

/** Fresh handshakes until the server serves the new certificate, or the probe's timeout passes. */
async function probeServed(
  probe: NonNullable<InstallOverSshOptions['probe']>,
  host: string,
  expected: Uint8Array,
): Promise<InstallOverSshResult['probe']> {
  const outcome = await probeUntilServed(
    {
      host: probe.host ?? host,
      port: probe.port,
      serverName: probe.serverName,
      timeoutSeconds: probe.timeoutSeconds ?? 60,
    },
    expected,
  );
  return { ...outcome, expected: describe(expected) };
}

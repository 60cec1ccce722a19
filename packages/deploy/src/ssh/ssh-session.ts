import { createHash } from 'node:crypto';
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { RotateError } from '../errors.js';
import { entriesForHost, hostKeyAlgorithms, judgeHostKey, type KnownHostEntry } from './known-hosts.js';
import { loadSsh2 } from './load-ssh2.js';
import type { SshIdentity } from './ssh-identity.js';

/** Where and as whom to connect, and which host keys to trust. */
export interface SshTarget {
  /** The node's name, for messages. */
  name: string;
  host: string;
  port: number;
  user: string;
  identity: SshIdentity;
  /** Parsed known_hosts entries; undefined skips host-key checks (--insecure-skip-host-key-check). */
  knownHosts: KnownHostEntry[] | undefined;
  /** File the entries came from, for messages. */
  knownHostsFile: string | undefined;
}

/** What a remote command did. */
export interface CommandResult {
  exitCode: number | null;
  signal: string | undefined;
  /** The last part of its stdout and stderr, interleaved, for messages. */
  output: string;
  /** True when it exited but left a process holding its output open (a daemon not detached). */
  lingering: boolean;
}

const CONNECT_TIMEOUT_MS = 20_000;
const OUTPUT_TAIL = 4096;
/** After a command exits, how long its channel may stay open before we stop waiting for it. */
const CLOSE_GRACE_MS = 3000;

/** One authenticated SSH connection to a node: commands and an SFTP session. */
export class SshSession {
  private sftpSession: SFTPWrapper | undefined;

  private constructor(
    readonly target: SshTarget,
    private readonly client: Client,
  ) {}

  /**
   * Connects and authenticates with the identity key. The server's host key must be listed for
   * the host in known_hosts (`[host]:port` for ports other than 22) unless checks are skipped.
   *
   * @throws RotateError ERR_SSH_HOST_KEY_UNKNOWN / _MISMATCH / _REVOKED, ERR_SSH_CONNECT
   */
  static async connect(target: SshTarget): Promise<SshSession> {
    const client = new (await loadSsh2()).Client();
    let refusal: RotateError | undefined;
    const known =
      target.knownHosts === undefined ? undefined : entriesForHost(target.knownHosts, target.host, target.port);
    const algorithms = known && known.length > 0 ? hostKeyAlgorithms(known) : [];
    return new Promise((resolve, reject) => {
      client.once('ready', () => {
        // From here a lost connection fails the pending command or SFTP call; it must not crash the process.
        client.on('error', () => undefined);
        resolve(new SshSession(target, client));
      });
      client.once('error', (error: Error & { level?: string }) => {
        client.end();
        reject(refusal ?? connectError(target, error));
      });
      client.connect({
        host: target.host,
        port: target.port,
        username: target.user,
        privateKey: target.identity.privateKey,
        ...(target.identity.passphrase === undefined ? {} : { passphrase: target.identity.passphrase }),
        readyTimeout: CONNECT_TIMEOUT_MS,
        // A reload may run for minutes: keep idle NAT and firewall state alive meanwhile.
        keepaliveInterval: 15_000,
        ...(algorithms.length > 0 ? { algorithms: { serverHostKey: algorithms as never } } : {}),
        hostVerifier: (key: Buffer) => {
          if (target.knownHosts === undefined) return true;
          refusal = hostKeyRefusal(target, judgeHostKey(target.knownHosts, target.host, target.port, key), key);
          return refusal === undefined;
        },
      });
    });
  }

  /**
   * Runs a command through the remote user's shell. Rejects with ERR_SSH_COMMAND_TIMEOUT when it
   * does not finish in time (the channel is closed; the remote process may go on).
   */
  exec(command: string, timeoutMs: number): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const started = (error: Error | undefined, channel: ClientChannel) => {
        if (error) {
          reject(this.failure(`cannot start a command (${error.message})`, error));
          return;
        }
        collectCommand(channel, timeoutMs, resolve, () =>
          reject(
            new RotateError(
              'ERR_SSH_COMMAND_TIMEOUT',
              `${this.target.name}: the command did not finish within ${timeoutMs / 1000} s: ${command}`,
            ),
          ),
        );
      };
      try {
        this.client.exec(command, started);
      } catch (error) {
        // ssh2 throws when the connection is already gone.
        reject(this.failure(`cannot start a command (${(error as Error).message})`, error));
      }
    });
  }

  /** The SFTP session (opened once). */
  sftp(): Promise<SFTPWrapper> {
    if (this.sftpSession) return Promise.resolve(this.sftpSession);
    return new Promise((resolve, reject) => {
      try {
        this.client.sftp((error, sftp) => {
          if (error) {
            reject(this.failure(`cannot open an SFTP session (${error.message})`, error));
            return;
          }
          this.sftpSession = sftp;
          resolve(sftp);
        });
      } catch (error) {
        reject(this.failure(`cannot open an SFTP session (${(error as Error).message})`, error));
      }
    });
  }

  close(): void {
    this.client.end();
  }

  private failure(problem: string, cause: unknown): RotateError {
    return new RotateError(
      'ERR_SSH_CONNECT',
      `${this.target.name} (${this.target.host}:${this.target.port}): ${problem}`,
      {
        cause,
      },
    );
  }
}

/** How a command ended, for messages: `exited with 3`, `was killed by KILL`, … */
export function describeExit(result: CommandResult): string {
  if (result.exitCode !== null) return `exited with ${result.exitCode}`;
  if (result.signal !== undefined) return `was killed by ${result.signal}`;
  return 'ended without an exit status (connection lost?)';
}

/** The last lines of a command's output, for a one-line message (empty when it printed nothing). */
export function outputTail(output: string): string {
  const trimmed = output.trim();
  return trimmed === '' ? '' : `: ${trimmed.split('\n').slice(-5).join(' | ')}`;
}

/** Collects a command's output and exit status; resolves once the channel closes. */
function collectCommand(
  channel: ClientChannel,
  timeoutMs: number,
  resolve: (result: CommandResult) => void,
  timedOut: () => void,
): void {
  let output = '';
  let exitCode: number | null = null;
  let signal: string | undefined;
  let settled = false;
  let grace: NodeJS.Timeout | undefined;
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  const finish = (lingering: boolean) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    clearTimeout(grace);
    if (lingering) channel.close();
    resolve({ exitCode, signal, output, lingering });
  };
  const timer = setTimeout(() => {
    if (settled) return;
    settled = true;
    clearTimeout(grace);
    channel.close();
    timedOut();
  }, timeoutMs);
  channel.on('data', append);
  channel.stderr.on('data', append);
  channel.on('exit', (code: number | null, signalName?: string) => {
    exitCode = code;
    signal = signalName ?? undefined;
    // A daemon that kept the command's stdout or stderr keeps the channel open: stop waiting.
    grace = setTimeout(() => finish(true), CLOSE_GRACE_MS);
  });
  channel.on('close', () => finish(false));
}

function hostKeyRefusal(target: SshTarget, verdict: string, key: Buffer): RotateError | undefined {
  const where = `${target.name} (${target.host}:${target.port})`;
  const file = target.knownHostsFile ?? 'known_hosts';
  const fingerprint = `SHA256:${sha256Base64(key)}`;
  if (verdict === 'trusted') return undefined;
  if (verdict === 'revoked') {
    return new RotateError(
      'ERR_SSH_HOST_KEY_REVOKED',
      `${where}: host key ${fingerprint} is marked @revoked in ${file}`,
    );
  }
  if (verdict === 'mismatch') {
    return new RotateError(
      'ERR_SSH_HOST_KEY_MISMATCH',
      `${where}: host key ${fingerprint} differs from the key listed in ${file} — possible man-in-the-middle; refusing to connect`,
    );
  }
  return new RotateError(
    'ERR_SSH_HOST_KEY_UNKNOWN',
    `${where}: no host key for ${target.host} in ${file} (presented ${fingerprint}; add it with ssh-keyscan after checking it)`,
  );
}

function connectError(target: SshTarget, error: Error & { level?: string; code?: string }): RotateError {
  const where = `${target.name} (${target.user}@${target.host}:${target.port})`;
  const reason =
    error.level === 'client-authentication'
      ? `authentication refused for ${target.identity.path}`
      : (error.code ?? error.message);
  return new RotateError('ERR_SSH_CONNECT', `${where}: cannot connect over SSH (${reason})`, { cause: error });
}

/** OpenSSH's fingerprint form: unpadded base64 of SHA-256 over the key blob. */
function sha256Base64(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

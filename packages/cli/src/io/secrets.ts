import { createReadStream } from 'node:fs';
import { CliError } from '../errors.js';
import type { Io } from './io.js';
import { readUserFile } from './files.js';
import { readHidden } from './prompt.js';

/** Where a secret may come from: never a plain argument. */
export interface SecretSource {
  file?: string | undefined;
  env?: string | undefined;
  fd?: number | undefined;
}

/** How to name and ask for one secret. */
export interface SecretSpec {
  /** Flag stem for messages, e.g. `passphrase` for --passphrase-file/-env/-fd. */
  flag: string;
  /** What it is, for the prompt: `passphrase for server.key`. */
  purpose: string;
  /** Ask twice on a terminal (when a secret is being set, not used). */
  confirm: boolean;
  /** Extra advice when nothing can supply it, e.g. `or --no-encrypt`. */
  alternative?: string;
}

/** True when the user named a non-interactive source. */
export function hasSecretSource(source: SecretSource): boolean {
  return source.file !== undefined || source.env !== undefined || source.fd !== undefined;
}

/**
 * Reads a secret from the one source given, or a hidden prompt on a terminal.
 * With no source and no terminal it fails with a usage error before anything is written.
 */
export async function readSecret(source: SecretSource, spec: SecretSpec, io: Io): Promise<string> {
  const given = [source.file, source.env, source.fd].filter((value) => value !== undefined);
  if (given.length > 1) {
    throw new CliError('ERR_USAGE', `give only one of --${spec.flag}-file, --${spec.flag}-env and --${spec.flag}-fd`);
  }
  const secret = await fromSource(source, spec, io);
  if (secret.length === 0) {
    throw new CliError('ERR_SECRET_EMPTY', `the ${spec.purpose} is empty`, { field: spec.flag });
  }
  return secret;
}

async function fromSource(source: SecretSource, spec: SecretSpec, io: Io): Promise<string> {
  if (source.file !== undefined)
    return firstLine(Buffer.from(await readUserFile(io.cwd, source.file)).toString('utf8'));
  if (source.env !== undefined) {
    const value = io.env[source.env];
    if (value === undefined) {
      throw new CliError(
        'ERR_SECRET_UNAVAILABLE',
        `--${spec.flag}-env: environment variable ${source.env} is not set`,
        {
          field: `${spec.flag}-env`,
        },
      );
    }
    return value;
  }
  if (source.fd !== undefined) return firstLine(await readFd(source.fd, spec.flag));
  if (!io.interactive) {
    const alternative = spec.alternative ? `, ${spec.alternative}` : '';
    throw new CliError(
      'ERR_SECRET_UNAVAILABLE',
      `no ${spec.purpose} given and no terminal to ask on: use --${spec.flag}-file, --${spec.flag}-env or --${spec.flag}-fd${alternative}`,
      { field: spec.flag },
    );
  }
  return promptSecret(spec, io);
}

async function promptSecret(spec: SecretSpec, io: Io): Promise<string> {
  const first = await readHidden(io, `Enter ${spec.purpose}: `);
  if (!spec.confirm) return first;
  const second = await readHidden(io, `Repeat ${spec.purpose}: `);
  if (first !== second) throw new CliError('ERR_SECRET_MISMATCH', `the two ${spec.purpose} entries differ`);
  return first;
}

/** Like OpenSSL's `file:` and `fd:` sources, the secret is the first line, without its line ending. */
function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

/** A secret from a file descriptor is its first line; more than this without one is refused. */
const MAX_FD_SECRET_BYTES = 64 * 1024;

/**
 * The first line from a descriptor: reading stops at the first newline (a writer that keeps the
 * pipe open does not hold us up) and after 64 KiB without one (`3</dev/zero` cannot grow memory).
 */
function readFd(fd: number, flag: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stream = createReadStream('', { fd, autoClose: true, highWaterMark: 4096 });
    const fail = (message: string, cause?: unknown) => {
      stream.destroy();
      reject(new CliError('ERR_SECRET_UNAVAILABLE', `--${flag}-fd ${fd}: ${message}`, { field: `${flag}-fd`, cause }));
    };
    stream.on('data', (data) => {
      const chunk = Buffer.from(data);
      chunks.push(chunk);
      total += chunk.length;
      if (chunk.includes(0x0a)) {
        stream.destroy();
        resolve(Buffer.concat(chunks).toString('utf8'));
      } else if (total > MAX_FD_SECRET_BYTES) {
        fail(`more than ${MAX_FD_SECRET_BYTES / 1024} KiB without a line end`);
      }
    });
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', (error) => fail(fdReadFailure(error), error));
  });
}

/** Why a descriptor could not be read, in plain words (an errno the table does not know keeps its name). */
function fdReadFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EBADF') return 'cannot be read: no file descriptor with that number is open';
  if (code === 'EINVAL') return 'cannot be read: that descriptor is not open for reading';
  if (code === 'EISDIR') return 'cannot be read: it is a folder';
  if (code === 'EAGAIN') return 'cannot be read: it is not ready yet; try again';
  return `cannot be read: an unexpected system error (${code ?? 'no code'})`;
}

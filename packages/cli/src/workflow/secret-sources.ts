import { CliError } from '../errors.js';
import { readUserFile } from '../io/files.js';
import type { Io } from '../io/io.js';
import { readHidden } from '../io/prompt.js';
import type { SecretSource } from '../io/secrets.js';
import type { SecretRef } from './config.js';

/** One secret the steps about to run need. */
export interface SecretNeed {
  /** The config field, for messages: `key.passphrase`. */
  field: string;
  ref: SecretRef | undefined;
  /** What it is, for the prompt. */
  purpose: string;
  /** Being set (a new key): ask twice. */
  confirm: boolean;
}

/**
 * Turns the config's secret references into the sources the commands read, checking each is
 * there before any step runs. A `prompt` secret is asked for once, on the terminal, and handed to
 * the commands through a private copy of the environment: never process.env, so no child process
 * (a reload command, say) inherits it.
 */
export async function resolveSecretSources(
  needs: readonly SecretNeed[],
  io: Io,
  privateEnv: Record<string, string | undefined>,
): Promise<SecretSource[]> {
  const sources: SecretSource[] = [];
  for (const need of needs) sources.push(await resolveOne(need, io, privateEnv));
  return sources;
}

async function resolveOne(
  need: SecretNeed,
  io: Io,
  privateEnv: Record<string, string | undefined>,
): Promise<SecretSource> {
  const { ref, field } = need;
  if (ref === undefined) return {};
  if ('env' in ref) {
    if (io.env[ref.env] === undefined) {
      throw new CliError('ERR_SECRET_UNAVAILABLE', `${field}: environment variable ${ref.env} is not set`, { field });
    }
    return { env: ref.env };
  }
  if ('file' in ref) {
    await readUserFile(io.cwd, ref.file);
    return { file: ref.file };
  }
  if (!io.interactive) {
    throw new CliError(
      'ERR_SECRET_UNAVAILABLE',
      `${field}: prompt, but there is no terminal to ask on; use { env: VAR } or { file: path }`,
      { field },
    );
  }
  const name = `CERTWRIGHT_WORKFLOW_${field.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
  if (privateEnv[name] === undefined) privateEnv[name] = await promptSecret(need, io);
  return { env: name };
}

async function promptSecret(need: SecretNeed, io: Io): Promise<string> {
  const first = await readHidden(io, `Enter the ${need.purpose}: `);
  if (first === '') throw new CliError('ERR_SECRET_EMPTY', `the ${need.purpose} is empty`, { field: need.field });
  if (need.confirm && (await readHidden(io, `Repeat the ${need.purpose}: `)) !== first) {
    throw new CliError('ERR_SECRET_MISMATCH', `the two ${need.purpose} entries differ`, { field: need.field });
  }
  return first;
}

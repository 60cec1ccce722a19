import type { SecretNeed, StepSecrets } from '@certwright/deploy';
import { CliError } from '../errors.js';
import { readUserFile } from '../io/files.js';
import type { Io } from '../io/io.js';
import { readHidden } from '../io/prompt.js';
import { readSecret, type SecretSource } from '../io/secrets.js';

/** The option stem a secret's messages name, as the commands the steps amount to call it. */
const FLAGS: Record<SecretNeed['field'], string> = {
  'key.passphrase': 'passphrase',
  'ca.lab.passphrase': 'passphrase',
  'ca.storepass': 'storepass',
  'devices.passphrase': 'passphrase',
  'devices.password': 'password',
};

/** The workflow's secrets as the CLI keeps them: sources checked, prompts answered, read on use. */
export interface WorkflowSecrets {
  /** For runWorkflow: checks or asks for every secret the steps about to run need. */
  acquire(needs: readonly SecretNeed[]): Promise<StepSecrets>;
  /** Where a secret comes from, once acquired (for a command run with secret sources, not values). */
  sourceOf(field: SecretNeed['field']): SecretSource;
  /** The Io secrets are read with: prompted ones in a private environment. */
  readIo: Io;
}

/**
 * The workflow's secrets: each config reference checked (an environment variable set, a file
 * readable) or asked for on the terminal before any step runs, then read when a step needs it. A
 * `prompt` secret is kept in `privateEnv` (one wizard session asks once) and read from a private
 * copy of the environment: never process.env, so no child process (a reload command) inherits it.
 */
export function workflowSecrets(
  io: Io,
  baseDir: string,
  privateEnv: Record<string, string | undefined>,
): WorkflowSecrets {
  const resolveIo: Io = { ...io, cwd: baseDir };
  // Rebuilt once the prompts are answered: the secrets read from it include theirs.
  let readIo: Io = { ...resolveIo, env: withHiddenSecrets(io.env, privateEnv) };
  const sources = new Map<SecretNeed['field'], SecretSource>();
  const purposes = new Map<SecretNeed['field'], SecretNeed>();
  const provider = (field: SecretNeed['field']) => (file: string) => {
    const need = purposes.get(field);
    const purpose = need === undefined ? `secret for ${file}` : purposeOf(need, file);
    return readSecret(sources.get(field) ?? {}, { flag: FLAGS[field], purpose, confirm: false }, readIo);
  };
  return {
    async acquire(needs) {
      for (const need of needs) {
        sources.set(need.field, await resolveOne(need, resolveIo, privateEnv));
        purposes.set(need.field, need);
      }
      readIo = { ...resolveIo, env: withHiddenSecrets(io.env, privateEnv) };
      return {
        key: provider('key.passphrase'),
        ca: provider('ca.lab.passphrase'),
        storepass: provider('ca.storepass'),
        boardKey: provider('devices.passphrase'),
        devicePassword: provider('devices.password'),
      };
    },
    sourceOf: (field) => sources.get(field) ?? {},
    get readIo() {
      return readIo;
    },
  };
}

/** A key's passphrase names the key file; the others say what they are. */
function purposeOf(need: SecretNeed, file: string): string {
  return need.field === 'key.passphrase' || need.field === 'devices.passphrase'
    ? `passphrase for ${file}`
    : need.purpose;
}

/** Where one secret comes from, checked now; a prompted one is asked for now. */
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

/**
 * The environment the secrets are read from. Prompted secrets are added as non-enumerable
 * properties: readSecret reads them by name, but a copy of the environment (a child process's)
 * gets the enumerable variables only, so the secret never reaches it.
 */
function withHiddenSecrets(
  env: Record<string, string | undefined>,
  secrets: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const copy = { ...env };
  for (const [name, value] of Object.entries(secrets)) {
    Object.defineProperty(copy, name, { value, enumerable: false, writable: false, configurable: false });
  }
  return copy;
}

import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FileError } from '../../errors.js';
import { createKeyFile, keySpecOf } from '../../operations/create-key-file.js';
import type { Step } from '../step.js';

/** Step 1: the server's private key. */
export const keyStep: Step = {
  id: 1,
  label: '1',
  name: 'generate the server private key',
  explain:
    "Creates the OVOC server's private key with the chosen type and size, encrypted with a passphrase " +
    '(PBES2 / AES-256) and readable by its owner only (mode 0600). The key never leaves this machine.',
  skipReason: () => undefined,
  settings: (config) => config.key,
  inputs: async () => [],
  outputs: (config) => [config.key.file],
  alwaysRun: false,
  async run(context) {
    const { key } = context.config;
    // A key this workflow did not make may be the one the certificate is for: never replace it.
    if (!context.rerun && (await exists(resolve(context.cwd, key.file)))) {
      throw new FileError(
        'ERR_OUTPUT_EXISTS',
        `${key.file}: already exists and this workflow did not create it; to use it, start at step 2 (--from-step 2), to replace it, remove it first`,
        { source: key.file },
      );
    }
    const written = await createKeyFile({
      cwd: context.cwd,
      out: key.file,
      spec: keySpecOf(key),
      encrypt: key.encrypt,
      passphrase: context.secrets.key,
      force: context.rerun,
      progress: context.progress,
    });
    return {
      status: 'done',
      message: `wrote ${key.file}`,
      result: { file: key.file, key: written.key, publicKeySha256: written.publicKeySha256 },
    };
  },
};

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

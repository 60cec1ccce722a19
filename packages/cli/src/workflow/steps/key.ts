import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { keyCreate, keyCreateText } from '../../actions/key/create.js';
import { present } from '../../render/present.js';
import { CliError } from '../../errors.js';
import { finished, invoke } from '../invoke.js';
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
  preview: (config) => [
    `certwright key create --out ${config.key.file} --type ${config.key.type}` +
      (config.key.type === 'rsa' ? ` --bits ${config.key.bits ?? 3072}` : '') +
      (config.key.type === 'ec' ? ` --curve ${config.key.curve ?? 'P-256'}` : '') +
      (config.key.encrypt ? '' : ' --no-encrypt'),
  ],
  alwaysRun: false,
  async run(context) {
    const { key } = context.config;
    // A key this workflow did not make may be the one the certificate is for: never replace it.
    if (!context.rerun && (await exists(resolve(context.io.cwd, key.file)))) {
      throw new CliError(
        'ERR_OUTPUT_EXISTS',
        `${key.file}: already exists and this workflow did not create it; to use it, start at step 2 (--from-step 2), to replace it, remove it first`,
        { source: key.file },
      );
    }
    const invocation = await invoke(context, present(keyCreate, keyCreateText), {
      out: key.file,
      type: key.type,
      bits: key.bits,
      curve: key.curve,
      encrypt: key.encrypt,
      passphrase: key.encrypt ? context.secrets.key : {},
      force: context.rerun,
      json: true,
    });
    const result = { file: key.file, key: invocation.result.key, publicKeySha256: invocation.result.publicKeySha256 };
    return finished(invocation, `wrote ${key.file}`, result, `could not write ${key.file}`);
  },
};

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

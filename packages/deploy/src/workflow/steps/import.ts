import { importServerSet } from '../../operations/import-server-set.js';
import type { LabCaConfig, WorkflowConfig } from '../config.js';
import { expandPaths } from '../glob.js';
import type { Step } from '../step.js';
import { labCertificates } from './ca.js';

/** Step 4: bring what the CA sent into the server certificate directory, named by role. */
export const importStep: Step = {
  id: 4,
  label: '4',
  name: "import the CA's files",
  explain:
    'Reads the files the CA sent back (any names; PEM, DER, PKCS#7 or PKCS#12, one bundle or many), ' +
    'works out which certificate is the root, which are intermediates and which is the server, checks the ' +
    'chain and that server.crt matches the key, and writes root.crt, ca1.crt, ca2.crt and server.crt.',
  skipReason: () => undefined,
  settings: (config) => ({ ca: config.ca, serverCerts: config.serverCerts, key: config.key.file }),
  inputs: async (config) => [...(await caFiles(config)), config.key.file],
  outputs: (config) => [config.serverCerts],
  alwaysRun: false,
  async run(context) {
    const { config } = context;
    const files = await caFiles(config);
    if (files.length === 0) {
      const where = config.ca.mode === 'external' ? config.ca.files.join(', ') : config.ca.certificate;
      return {
        status: 'paused',
        message: `waiting for the CA: nothing matches ${where}; put the CA's files there and run again`,
        result: { waitingFor: where },
      };
    }
    context.progress.note(`from: ${files.join(', ')}`);
    const imported = await importServerSet({
      cwd: context.cwd,
      files,
      outDir: config.serverCerts,
      key: config.key.file,
      passphrase: context.secrets.key,
      storepass: (file) => context.secrets.storepass(file),
      at: context.now(),
      // Replacing the directory's set is the step's job; the import keeps no stale ca2.crt.
      force: true,
      progress: context.progress,
    });
    const result = { directory: config.serverCerts, files: imported.files, from: files };
    if (!imported.valid) {
      for (const problem of imported.problems) {
        context.progress.note(`${problem.code} (${problem.from}): ${problem.message}`);
      }
      return {
        status: 'failed',
        failure: 'check-failed',
        message: `the CA's files do not make a valid chain for ${config.key.file}; nothing was written`,
        result,
      };
    }
    const order = imported.files.map((entry) => entry.file.replace(/\.crt$/, '')).join(' → ');
    return { status: 'done', message: `wrote ${config.serverCerts}/ (${order})`, result };
  },
};

/** The files of the CA's answer (wildcards expanded), or the lab CA's certificates. */
export async function caFiles(config: WorkflowConfig): Promise<string[]> {
  if (config.ca.mode === 'lab') {
    return expandPaths(config.baseDir, labCertificates(config as WorkflowConfig & { ca: LabCaConfig }));
  }
  return expandPaths(config.baseDir, config.ca.files);
}

import { resolve } from 'node:path';
import { FileError } from '../../errors.js';
import { createLabCaFiles, labCaFiles } from '../../operations/create-lab-ca-files.js';
import { readCsrFile } from '../../operations/read-csr-file.js';
import { signCsrFile } from '../../operations/sign-csr-file.js';
import type { LabCaConfig, WorkflowConfig } from '../config.js';
import type { Step, StepContext, StepOutcome } from '../step.js';
import { exists } from './key.js';

/** Step 3: hand the CSR to the CA; with a lab CA, have it signed here. */
export const caStep: Step = {
  id: 3,
  label: '3',
  name: 'hand the CSR to the CA',
  explain:
    'Shows the CSR as the CA will see it (PEM, SHA-256 fingerprint, lint) and checks its signature. ' +
    'With the enterprise CA you send that file to the CA and wait for its answer; with a lab CA the ' +
    'workflow makes the CA (root → ca1 → ca2) and signs the CSR itself.',
  skipReason: () => undefined,
  // Where the enterprise CA's answer will be is step 4's business, so changing it later is no change here.
  settings: (config) => ({ csr: config.csr.file, ca: config.ca.mode === 'lab' ? config.ca : 'external' }),
  inputs: async (config) => [config.csr.file],
  outputs: (config) => (config.ca.mode === 'lab' ? [...labMembers(config.ca), config.ca.certificate] : []),
  alwaysRun: false,
  async run(context) {
    const { config } = context;
    const shown = await readCsrFile({ cwd: context.cwd, csr: config.csr.file });
    const fingerprint = shown.csr.fingerprintSha256;
    if (config.ca.mode === 'external') {
      return {
        status: 'done',
        message: `give ${config.csr.file} to the CA (SHA-256 ${fingerprint}); put its answer where ca.files points`,
        result: { csr: config.csr.file, sha256: fingerprint },
      };
    }
    return signWithLabCa(context, config.ca, fingerprint);
  },
};

async function signWithLabCa(context: StepContext, ca: LabCaConfig, fingerprint: string): Promise<StepOutcome> {
  const { config } = context;
  await ensureLabCa(context, ca);
  const signed = await signCsrFile({
    cwd: context.cwd,
    caDir: ca.dir,
    csr: config.csr.file,
    out: ca.certificate,
    days: ca.days,
    passphrase: context.secrets.ca,
    force: true,
    now: context.now,
    progress: context.progress,
  });
  return {
    status: 'done',
    message: `${ca.certificate} signed by the lab CA in ${ca.dir}`,
    result: {
      csr: config.csr.file,
      csrSha256: fingerprint,
      certificate: ca.certificate,
      sha256: signed.certificate.fingerprintSha256,
    },
  };
}

/** Makes the lab CA unless it is there; a half-made one is replaced only when this workflow made it. */
async function ensureLabCa(context: StepContext, ca: LabCaConfig): Promise<void> {
  const present = await Promise.all(labMembers(ca).map((path) => exists(resolve(context.cwd, path))));
  if (present.every(Boolean)) {
    context.progress.note(`using the lab CA in ${ca.dir}`);
    return;
  }
  if (present.some(Boolean) && !context.rerun) {
    throw new FileError(
      'ERR_OUTPUT_EXISTS',
      `${ca.dir}: holds part of a CA this workflow did not create; remove it or point ca.lab.dir elsewhere`,
      { source: ca.dir },
    );
  }
  await createLabCaFiles({
    cwd: context.cwd,
    outDir: ca.dir,
    intermediates: ca.intermediates,
    keySpec: { type: 'ec', curve: 'P-384' },
    organization: context.config.csr.subject.o ?? 'Certwright lab CA',
    days: Math.max(ca.days * 2, 3650),
    encrypt: ca.encrypt,
    passphrase: context.secrets.ca,
    force: present.some(Boolean),
    now: context.now,
    progress: context.progress,
  });
}

/** The lab CA's files: root, then the intermediates, each certificate with its key. */
export function labMembers(ca: LabCaConfig): string[] {
  return labCaFiles(ca.dir, ca.intermediates);
}

/** The certificates step 4 imports from a lab CA: the signed one and the CA's chain. */
export function labCertificates(config: WorkflowConfig & { ca: LabCaConfig }): string[] {
  return [config.ca.certificate, ...labMembers(config.ca).filter((path) => path.endsWith('.crt'))];
}

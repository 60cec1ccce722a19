import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { caInit, caInitText } from '../../actions/ca/init.js';
import { caSign, caSignText } from '../../actions/ca/sign.js';
import { csrShow, csrShowText } from '../../actions/csr/show.js';
import { present as presented } from '../../render/present.js';
import { CliError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { LabCaConfig, WorkflowConfig } from '../config.js';
import { finished, invoke } from '../invoke.js';
import type { Step, StepContext, StepOutcome } from '../step.js';

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
  preview: (config) => {
    const show = `certwright csr show ${config.csr.file}`;
    if (config.ca.mode === 'external') return [show];
    const { dir, intermediates, days, certificate } = config.ca;
    return [
      show,
      `certwright ca init --out-dir ${dir} --intermediates ${intermediates}   (unless ${dir} already holds the CA)`,
      `certwright ca sign --ca-dir ${dir} --csr ${config.csr.file} --out ${certificate} --days ${days}`,
    ];
  },
  alwaysRun: false,
  async run(context) {
    const { config } = context;
    const shown = await invoke(context, presented(csrShow, csrShowText), { csr: config.csr.file, json: true });
    const csr = shown.result.csr as { sha256?: string; subject?: string } | undefined;
    const fingerprint = csr?.sha256 ?? '(unknown)';
    if (config.ca.mode === 'external') {
      return finished(
        shown,
        `give ${config.csr.file} to the CA (SHA-256 ${fingerprint}); put its answer where ca.files points`,
        { csr: config.csr.file, sha256: fingerprint },
        `${config.csr.file} cannot be handed to the CA`,
      );
    }
    if (shown.exitCode !== ExitCode.ok) return finished(shown, '', {}, `${config.csr.file} is not usable`);
    return signWithLabCa(context, config.ca, fingerprint);
  },
};

async function signWithLabCa(context: StepContext, ca: LabCaConfig, fingerprint: string): Promise<StepOutcome> {
  const { config } = context;
  const made = await ensureLabCa(context, ca);
  if (made && made.exitCode !== ExitCode.ok) return finished(made, '', {}, `could not create the lab CA in ${ca.dir}`);
  const signed = await invoke(context, presented(caSign, caSignText), {
    caDir: ca.dir,
    csr: config.csr.file,
    out: ca.certificate,
    days: ca.days,
    passphrase: ca.encrypt ? context.secrets.ca : {},
    force: true,
    json: true,
  });
  return finished(
    signed,
    `${ca.certificate} signed by the lab CA in ${ca.dir}`,
    { csr: config.csr.file, csrSha256: fingerprint, certificate: ca.certificate, sha256: signed.result.sha256 },
    `the lab CA could not sign ${config.csr.file}`,
  );
}

/** Makes the lab CA unless it is there; a half-made one is replaced only when this workflow made it. */
async function ensureLabCa(context: StepContext, ca: LabCaConfig) {
  const present = await Promise.all(labMembers(ca).map((path) => exists(resolve(context.io.cwd, path))));
  if (present.every(Boolean)) {
    context.log(`using the lab CA in ${ca.dir}`);
    return undefined;
  }
  if (present.some(Boolean) && !context.rerun) {
    throw new CliError(
      'ERR_OUTPUT_EXISTS',
      `${ca.dir}: holds part of a CA this workflow did not create; remove it or point ca.lab.dir elsewhere`,
      { source: ca.dir },
    );
  }
  return invoke(context, presented(caInit, caInitText), {
    outDir: ca.dir,
    intermediates: ca.intermediates,
    days: Math.max(ca.days * 2, 3650),
    organization: context.config.csr.subject.o ?? 'Certwright lab CA',
    type: 'ec',
    bits: undefined,
    curve: 'P-384',
    encrypt: ca.encrypt,
    passphrase: ca.encrypt ? context.secrets.ca : {},
    force: present.some(Boolean),
    json: true,
  });
}

/** The lab CA's files: root, then the intermediates, each certificate with its key. */
export function labMembers(ca: LabCaConfig): string[] {
  return (['root', 'ca1', 'ca2'] as const)
    .slice(0, ca.intermediates + 1)
    .flatMap((name) => [join(ca.dir, `${name}.crt`), join(ca.dir, `${name}.key`)]);
}

/** The certificates step 4 imports from a lab CA: the signed one and the CA's chain. */
export function labCertificates(config: WorkflowConfig & { ca: LabCaConfig }): string[] {
  return [config.ca.certificate, ...labMembers(config.ca).filter((path) => path.endsWith('.crt'))];
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

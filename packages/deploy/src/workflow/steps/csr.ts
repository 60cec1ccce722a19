import { parseSubjectAltName } from '@certwright/core';
import { createCsrFile } from '../../operations/create-csr-file.js';
import type { Step } from '../step.js';

/** Step 2: the CSR, with the organisation's details and every name the server answers to. */
export const csrStep: Step = {
  id: 2,
  label: '2',
  name: 'generate the CSR',
  explain:
    "Creates the certificate signing request from the key: the organisation's details (subject) and every " +
    'name and address the OVOC server is reached by (SANs: both HA nodes and the virtual address). ' +
    'It is linted: no SAN, CN not among the SANs and weak keys are reported.',
  skipReason: () => undefined,
  settings: (config) => ({ csr: config.csr, key: config.key.file }),
  inputs: async (config) => [config.key.file],
  outputs: (config) => [config.csr.file],
  alwaysRun: false,
  async run(context) {
    const { csr, key } = context.config;
    await createCsrFile({
      cwd: context.cwd,
      key: key.file,
      passphrase: context.secrets.key,
      out: csr.file,
      subject: csr.subject,
      // Checked when the config was read.
      sans: csr.sans.map((text, index) => parseSubjectAltName(text, `csr.sans[${index + 1}]`)),
      defaultSan: true,
      hash: 'SHA-256',
      // The CSR is derived from the key and the config: the workflow owns it.
      force: true,
      progress: context.progress,
    });
    return { status: 'done', message: `wrote ${csr.file}`, result: { file: csr.file } };
  },
};

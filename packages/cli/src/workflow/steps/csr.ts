import { csrCreate, csrCreateText } from '../../actions/csr/create.js';
import { present } from '../../render/present.js';
import { finished, invoke } from '../invoke.js';
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
  preview: (config) => [
    `certwright csr create --key ${config.key.file} --out ${config.csr.file} ${subjectFlags(config.csr.subject)}` +
      config.csr.sans.map((san) => ` --san ${san}`).join(''),
  ],
  alwaysRun: false,
  async run(context) {
    const { csr, key } = context.config;
    const invocation = await invoke(context, present(csrCreate, csrCreateText), {
      key: key.file,
      out: csr.file,
      cn: csr.subject.cn as string,
      o: csr.subject.o,
      ou: csr.subject.ou,
      l: csr.subject.l,
      st: csr.subject.st,
      c: csr.subject.c,
      email: csr.subject.email,
      sans: csr.sans,
      defaultSan: true,
      keyUsage: [],
      extendedKeyUsage: [],
      hash: 'SHA-256',
      passphrase: context.secrets.key,
      challengePassword: {},
      // The CSR is derived from the key and the config: the workflow owns it.
      force: true,
      json: true,
    });
    return finished(invocation, `wrote ${csr.file}`, { file: csr.file }, `could not create ${csr.file}`);
  },
};

function subjectFlags(subject: Record<string, string | undefined>): string {
  return ['cn', 'o', 'ou', 'l', 'st', 'c', 'email']
    .filter((name) => subject[name] !== undefined)
    .map((name) => {
      const value = subject[name] as string;
      return `--${name} ${/\s/.test(value) ? JSON.stringify(value) : value}`;
    })
    .join(' ');
}

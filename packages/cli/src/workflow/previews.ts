import { type DevicesConfig, labCaFiles, type LabCaConfig, type Step, type WorkflowConfig } from '@certwright/deploy';
import { join } from 'node:path';
import {
  caInitSpec,
  caSignSpec,
  csrCreateSpec,
  csrShowSpec,
  devicePushSpec,
  importSpec,
  installSpec,
  keyCreateSpec,
  verifySpec,
} from '../commands/index.js';
import { optionsOf } from '../spec/defaults.js';
import { argvOf, commandLine } from '../spec/to-argv.js';

/** The commands a step amounts to, as a person would type them: shown before the step runs. */
export function stepPreview(step: Step, config: WorkflowConfig): string[] {
  switch (step.id) {
    case 1:
      return [keyPreview(config)];
    case 2:
      return [csrPreview(config)];
    case 3:
      return caPreview(config);
    case 4:
      return [importPreview(config)];
    case 5:
      return [installPreview(config)];
    case 6:
      return [verifyPreview(config)];
    case 8:
      return [devicesPreview(config.devices as DevicesConfig)];
    default:
      return [];
  }
}

function keyPreview({ key }: WorkflowConfig): string {
  const options = optionsOf(keyCreateSpec, {
    out: key.file,
    type: key.type,
    bits: key.type === 'rsa' ? (key.bits ?? 3072) : undefined,
    curve: key.type === 'ec' ? (key.curve ?? 'P-256') : undefined,
    encrypt: key.encrypt,
  });
  return commandLine(argvOf(keyCreateSpec, options));
}

function csrPreview({ key, csr }: WorkflowConfig): string {
  const options = optionsOf(csrCreateSpec, {
    key: key.file,
    out: csr.file,
    cn: csr.subject.cn,
    o: csr.subject.o,
    ou: csr.subject.ou,
    l: csr.subject.l,
    st: csr.subject.st,
    c: csr.subject.c,
    email: csr.subject.email,
    sans: csr.sans,
  });
  return commandLine(argvOf(csrCreateSpec, options));
}

function caPreview(config: WorkflowConfig): string[] {
  const show = commandLine(argvOf(csrShowSpec, optionsOf(csrShowSpec, { csr: config.csr.file })));
  if (config.ca.mode === 'external') return [show];
  const ca: LabCaConfig = config.ca;
  const init = optionsOf(caInitSpec, {
    outDir: ca.dir,
    intermediates: ca.intermediates,
    days: Math.max(ca.days * 2, 3650),
    organization: config.csr.subject.o ?? 'Certwright lab CA',
    type: 'ec',
    curve: 'P-384',
    encrypt: ca.encrypt,
  });
  const sign = optionsOf(caSignSpec, { caDir: ca.dir, csr: config.csr.file, out: ca.certificate, days: ca.days });
  return [
    show,
    `${commandLine(argvOf(caInitSpec, init))}   (unless ${ca.dir} already holds the CA)`,
    commandLine(argvOf(caSignSpec, sign)),
  ];
}

function importPreview(config: WorkflowConfig): string {
  const files =
    config.ca.mode === 'lab'
      ? [config.ca.certificate, ...labCaFiles(config.ca.dir, config.ca.intermediates).filter((f) => f.endsWith('.crt'))]
      : config.ca.files;
  const options = optionsOf(importSpec, { files, outDir: config.serverCerts, key: config.key.file, force: true });
  return commandLine(argvOf(importSpec, options));
}

function installPreview(config: WorkflowConfig): string {
  const options = optionsOf(installSpec, {
    target: config.install?.target,
    dir: config.serverCerts,
    key: config.key.file,
    backupDir: config.install?.backupDir,
    reloadCmd: config.install?.reload,
  });
  return commandLine(argvOf(installSpec, options));
}

function verifyPreview(config: WorkflowConfig): string {
  const options = optionsOf(verifySpec, {
    dir: config.install?.target ?? config.serverCerts,
    key: config.key.file,
    host: config.verify.host,
    connect: config.verify.connect,
    warnDays: config.verify.warnDays,
  });
  return commandLine(argvOf(verifySpec, options));
}

function devicesPreview(devices: DevicesConfig): string {
  const [cert, key, root] = ['board_cert.pem', 'board_pkey.pem', 'root.pem'].map((name) =>
    join(devices.boardDir, name),
  );
  const options = optionsOf(devicePushSpec, {
    inventory: devices.inventory,
    cert,
    key,
    root,
    caFile: devices.caFile,
    tlsContext: devices.tlsContext,
    concurrency: devices.concurrency,
    report: devices.report,
    force: devices.report !== undefined,
  });
  return commandLine(argvOf(devicePushSpec, options));
}

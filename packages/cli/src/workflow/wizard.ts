import { readConfigYaml } from '@certwright/core';
import {
  loadState,
  readWorkflowConfig,
  runWorkflow,
  STEPS,
  type Step,
  WorkflowError,
  type StepReport,
  type WorkflowConfig,
} from '@certwright/deploy';
import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ExitCode } from '../exit-codes.js';
import { PUBLIC_MODE, writeFileAtomic } from '../io/files.js';
import type { Io } from '../io/io.js';
import { yamlText } from '../io/yaml-text.js';
import { countryCode, hostName, hostPort, ipAddress, listOf, oneOf, required, splitList } from './answer-checks.js';
import type { Asker } from './ask.js';
import { pushWithDevicePush } from './device-push-step.js';
import { showWorkflowEvents } from './display.js';
import { stepPreview } from './previews.js';
import { workflowSecrets } from './secret-sources.js';
import { reportText, workflowExitCode } from './summary.js';

export interface WizardRequest {
  io: Io;
  asker: Asker;
  /** The config file to write (or resume from) and the state file, relative to io.cwd. */
  configPath: string;
  statePath: string;
}

type Plain = Record<string, unknown>;

/**
 * The guided workflow for a security officer: asks what steps 1–3 need, writes the config, then
 * goes one step at a time — what it does, the command it amounts to, go or stop. It can stop after
 * step 3 (the CSR is with the CA); running the wizard again in the same place, or
 * `workflow run --config … --from-step 4`, continues.
 */
export async function runWizard(request: WizardRequest): Promise<ExitCode> {
  const { io, asker } = request;
  asker.say(
    'Certwright workflow: replaces the OVOC server certificates in the eight steps of the OVOC security guidelines.\n' +
      `Answers are saved in ${request.configPath} (no secrets); progress in ${request.statePath}.`,
  );
  const privateEnv: Record<string, string | undefined> = {};
  let plain = await existingConfig(io, request.configPath);
  if (plain === undefined) {
    plain = await askSetup(asker);
    await saveConfig(io, request.configPath, plain);
    asker.say(`\nSaved ${request.configPath}.`);
  } else {
    asker.say(`\nContinuing the workflow in ${request.configPath}.`);
  }
  const statePath = resolve(io.cwd, request.statePath);
  // Every step's latest outcome, for the summary at the end.
  const outcomes = new Map<string, StepReport>();
  for (const step of STEPS) {
    const config = await validated(io, request.configPath, plain);
    const state = await loadState(io.cwd, statePath);
    if (state.steps[String(step.id)]?.status === 'done' && !step.alwaysRun) {
      outcomes.set(step.label, { step: step.label, name: step.name, status: 'already-done', message: 'done earlier' });
      continue;
    }
    if (step.id === 4 && config.ca.mode === 'external') {
      if (!(await askCaFiles(asker, plain))) return stopForCa(asker, request, config);
      await saveConfig(io, request.configPath, plain);
    }
    if (step.id === 5) await askInstall(asker, plain, io, request.configPath);
    if (step.id === 6) await askVerify(asker, plain, io, request.configPath);
    if (step.id === 8) await askDevices(asker, plain, io, request.configPath);
    const current = await validated(io, request.configPath, plain);
    const skip = step.skipReason(current);
    if (skip !== undefined) {
      outcomes.set(step.label, { step: step.label, name: step.name, status: 'skipped', message: skip });
      continue;
    }
    if (!(await announce(asker, step, current))) {
      asker.say(`Stopped before step ${step.label}. Run \`certwright workflow\` here again to continue.`);
      return ExitCode.ok;
    }
    const secrets = workflowSecrets(io, current.baseDir, privateEnv);
    const last = await runWorkflow({
      config: current,
      statePath,
      first: step.id,
      to: step.id,
      secrets: (needs) => secrets.acquire(needs),
      pushBoardFiles: pushWithDevicePush(secrets),
      env: io.env,
      now: io.now,
      onEvent: showWorkflowEvents(io, current, { quiet: true }),
    });
    for (const report of last.steps) outcomes.set(report.step, report);
    if (last.status !== 'finished') {
      io.stdout.write(reportText(current, { ...last, steps: [...outcomes.values()] }));
      return workflowExitCode(last);
    }
    if (step.id === 3 && current.ca.mode === 'external') return stopForCa(asker, request, current);
  }
  const config = await validated(io, request.configPath, plain);
  io.stdout.write(reportText(config, { status: 'finished', steps: [...outcomes.values()] }));
  return ExitCode.ok;
}

async function announce(asker: Asker, step: Step, config: WorkflowConfig): Promise<boolean> {
  asker.say(`\nStep ${step.label} — ${step.name}\n${wrap(step.explain)}\nIt runs:`);
  for (const command of stepPreview(step, config)) asker.say(`  $ ${command}`);
  return asker.confirm(`Run step ${step.label} now?`, true);
}

function stopForCa(asker: Asker, request: WizardRequest, config: WorkflowConfig): ExitCode {
  asker.say(
    `\nThe CSR is ready: send ${config.csr.file} to the CA. When its answer arrives, run \`certwright workflow\` here ` +
      `again, or \`certwright workflow run --config ${request.configPath} --from-step 4\`.`,
  );
  return ExitCode.ok;
}

/** Steps 1–3: the key, the CSR's names, the CA. */
async function askSetup(asker: Asker): Promise<Plain> {
  asker.say(`\nStep 1 — ${STEPS[0]?.name}\n${wrap(STEPS[0]?.explain ?? '')}`);
  const type = await asker.ask('Key type (rsa, ec)', { default: 'rsa', check: oneOf(['rsa', 'ec']) });
  const key: Plain = { file: 'server.key', type };
  if (type === 'rsa') {
    key.bits = Number(
      await asker.ask('RSA key size (2048, 3072, 4096)', { default: '3072', check: oneOf(['2048', '3072', '4096']) }),
    );
  } else {
    key.curve = await asker.ask('EC curve (P-256, P-384)', { default: 'P-256', check: oneOf(['P-256', 'P-384']) });
  }
  key.passphrase = await askSecretSource(asker, 'the key passphrase');

  asker.say(`\nStep 2 — ${STEPS[1]?.name}\n${wrap(STEPS[1]?.explain ?? '')}`);
  const cn = await asker.ask("The server's main host name (common name)", { check: hostName });
  const subject: Plain = { cn };
  for (const [field, question] of [
    ['o', 'Organisation'],
    ['ou', 'Organisational unit (optional)'],
    ['l', 'City or locality (optional)'],
    ['st', 'State or province (optional)'],
  ] as const) {
    const answer = await asker.ask(question, field === 'o' ? { check: required } : {});
    if (answer !== '') subject[field] = answer;
  }
  subject.c = await asker.ask('Country code', { check: countryCode });
  const dns = splitList(
    await asker.ask('Every DNS name clients use, comma-separated (both HA nodes and the virtual name)', {
      default: cn,
      check: listOf(hostName),
    }),
  );
  const ips = splitList(
    await asker.ask('IP addresses clients use, comma-separated (optional)', { check: listOf(ipAddress) }),
  );
  const csr = {
    file: 'server.csr',
    subject,
    sans: [...dns.map((name) => `dns:${name}`), ...ips.map((ip) => `ip:${ip}`)],
  };

  asker.say(`\nStep 3 — ${STEPS[2]?.name}\n${wrap(STEPS[2]?.explain ?? '')}`);
  const which = await asker.ask('Which CA signs it: enterprise (send the CSR) or lab (a test CA made here)', {
    default: 'enterprise',
    check: oneOf(['enterprise', 'lab']),
  });
  const ca: Plain =
    which === 'lab'
      ? { lab: { dir: 'lab-ca', intermediates: 2, passphrase: await askSecretSource(asker, 'the lab CA passphrase') } }
      : { files: ['ca-reply/*'] };
  return { version: 1, key, csr, ca, server_certs: 'server_certs' };
}

/** Where a passphrase comes from: asked each time (hidden), an environment variable, or a file. */
async function askSecretSource(asker: Asker, what: string): Promise<Plain> {
  const source = await asker.ask(`Where does ${what} come from: prompt (asked, hidden), env or file`, {
    default: 'prompt',
    check: oneOf(['prompt', 'env', 'file']),
  });
  if (source === 'env') {
    const name = await asker.ask('Environment variable name', {
      check: (answer) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(answer) ? undefined : 'letters, digits and _'),
    });
    return { env: name };
  }
  if (source === 'file') return { file: await asker.ask('File holding it (first line)', { check: required }) };
  return { prompt: true };
}

/** Step 4 with the enterprise CA: where its answer is; false when it has not come yet. */
async function askCaFiles(asker: Asker, plain: Plain): Promise<boolean> {
  const ca = plain.ca as Plain;
  const files = (ca.files as string[] | undefined) ?? ['ca-reply/*'];
  if (!(await asker.confirm("Has the CA's answer arrived?", false))) return false;
  const answer = await asker.ask("Where are the CA's files (paths or a pattern such as ca-reply/*, comma-separated)", {
    default: files.join(', '),
    check: required,
  });
  ca.files = splitList(answer);
  return true;
}

async function askInstall(asker: Asker, plain: Plain, io: Io, configPath: string): Promise<void> {
  if (plain.install !== undefined) return;
  asker.say(`\nStep 5 — ${STEPS[4]?.name}\n${wrap(STEPS[4]?.explain ?? '')}`);
  const target = await asker.ask("The server's certificate directory to install into (empty: install by hand)");
  if (target === '') {
    asker.say('Step 5 left to you: the summary lists it.');
    return;
  }
  const reload = await asker.ask('Command that reloads the server after the install (optional)');
  const backup = await asker.ask('Directory for the backup of the previous set', { default: `${target}.backups` });
  plain.install = { target, backup_dir: backup, ...(reload === '' ? {} : { reload }) };
  await saveConfig(io, configPath, plain);
}

async function askVerify(asker: Asker, plain: Plain, io: Io, configPath: string): Promise<void> {
  if (plain.verify !== undefined) return;
  const cn = ((plain.csr as Plain).subject as Plain).cn as string;
  const host = await asker.ask('Host name the certificate must be valid for', { default: cn, check: hostName });
  const connect = await asker.ask('host:port to check what the server serves over TLS (empty: no live check)', {
    check: (answer) => (answer === '' ? undefined : hostPort(answer)),
  });
  plain.verify = { host, ...(connect === '' ? {} : { connect }) };
  await saveConfig(io, configPath, plain);
}

async function askDevices(asker: Asker, plain: Plain, io: Io, configPath: string): Promise<void> {
  if (plain.devices !== undefined) return;
  asker.say(`\nStep 8 — ${STEPS[6]?.name}\n${wrap(STEPS[6]?.explain ?? '')}`);
  const inventory = await asker.ask('Device inventory file (CSV, JSON or YAML; empty: load by hand)');
  if (inventory === '') return;
  const boardDir = await asker.ask('Directory with board_cert.pem, board_pkey.pem and root.pem', { default: 'board' });
  plain.devices = { inventory, board_dir: boardDir };
  await saveConfig(io, configPath, plain);
}

async function existingConfig(io: Io, path: string): Promise<Plain | undefined> {
  const full = resolve(io.cwd, path);
  const present = await access(full).then(
    () => true,
    () => false,
  );
  if (!present) return undefined;
  // Read once, with core's reader (the one every config file goes through), checked, then kept as
  // the answers the wizard goes on adding to.
  const document = readConfigYaml(await readFile(full, 'utf8'), {
    source: path,
    fail: (fault) => new WorkflowError('ERR_WORKFLOW_CONFIG_SYNTAX', fault.message, { source: path }),
  });
  await validated(io, path, document as Plain);
  return document as Plain;
}

async function saveConfig(io: Io, path: string, plain: Plain): Promise<void> {
  await validated(io, path, plain);
  const text = `# Written by \`certwright workflow\`; see docs/workflow.md. No secrets here, only where they come from.\n${yamlText(plain)}`;
  await writeFileAtomic(io.cwd, { path, data: text, mode: PUBLIC_MODE }, true);
}

async function validated(io: Io, path: string, plain: Plain): Promise<WorkflowConfig> {
  return readWorkflowConfig(plain, path, dirname(resolve(io.cwd, path)));
}

function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((text) => `  ${text}`).join('\n');
}

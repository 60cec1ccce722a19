import {
  CertwrightError,
  type InstallCertificateName,
  InstallError,
  type InstallRecovery,
  type InstallServerSetResult,
  type InstallStepHook,
  installServerSet,
  LocalInstallFileSystem,
  type PrivateKey,
  readPrivateKey,
  resumeInstall,
} from '@certwright/core';
import { join, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { readUserFile } from '../io/files.js';
import type { Io } from '../io/io.js';
import { Output } from '../io/output.js';
import { readSecret, type SecretSource } from '../io/secrets.js';
import { ReloadCommandError, runReloadCommand } from './install-reload.js';
import { parseTimeOption } from './shared/time-option.js';

export interface InstallOptions {
  target: string;
  dir: string | undefined;
  key: string | undefined;
  backupDir: string | undefined;
  reloadCmd: string | undefined;
  /** Seconds. */
  reloadTimeout: number;
  resume: boolean;
  at: string | undefined;
  passphrase: SecretSource;
  json: boolean;
}

const CERTIFICATE_NAMES: readonly InstallCertificateName[] = ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt'];

/** Workflow step 5: finish any interrupted install, check the set, swap it in, reload, roll back on failure. */
export async function install(options: InstallOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io, options.json);
  const fs = new LocalInstallFileSystem();
  const target = resolve(io.cwd, options.target);
  const onStep = stepCheckpoints(io);
  const reload = options.reloadCmd === undefined ? undefined : reloadWith(options.reloadCmd, options, io);
  try {
    if (options.resume) return await resume(fs, target, options, io, output, onStep, reload);
    if (options.dir === undefined || options.key === undefined)
      throw usageError('give --dir and --key (the set to install), or --resume', options.dir ? 'key' : 'dir');
    const at = options.at === undefined ? io.now() : parseTimeOption(options.at, '--at');
    const certificates = await readSet(options.dir, io);
    // Read once: the bytes installed are the bytes whose key was matched.
    const keyFile = await readUserFile(io.cwd, options.key);
    const key = await readKey(options.key, keyFile, options.passphrase, io, output);
    const result = await installServerSet({
      fs,
      target,
      certificates,
      keyFile,
      key,
      at,
      now: io.now,
      ...(options.backupDir === undefined ? {} : { backupRoot: resolve(io.cwd, options.backupDir) }),
      ...(reload === undefined ? {} : { reload }),
      onStep,
    });
    reportRecovery(result.recovery, output);
    for (const warning of result.check.warnings) output.warn(warning.code, warning.message);
    output.result(resultJson(options.target, result), humanReport(options.target, result, options.reloadCmd));
    return ExitCode.ok;
  } catch (error) {
    showReloadOutput(error, io);
    throw error;
  }
}

/** --resume: finish what the journal says, then reload if asked. */
async function resume(
  fs: LocalInstallFileSystem,
  target: string,
  options: InstallOptions,
  io: Io,
  output: Output,
  onStep: InstallStepHook,
  reload: (() => Promise<void>) | undefined,
): Promise<ExitCode> {
  const { recovery, reloaded } = await resumeInstall({
    fs,
    target,
    now: io.now,
    onStep,
    ...(reload === undefined ? {} : { reload }),
  });
  reportRecovery(recovery, output);
  const finished = recovery.finished !== null;
  output.result(
    {
      target: options.target,
      resumed: finished ? { purpose: recovery.finished?.purpose, startedAt: recovery.finished?.startedAt } : null,
      removedTemporary: recovery.removed,
      reloaded,
    },
    finished
      ? `${options.target}: the interrupted ${recovery.finished?.purpose} is finished${reloaded ? ', reloaded' : ''}`
      : `${options.target}: no interrupted install`,
  );
  return ExitCode.ok;
}

/** The set's certificate files; missing ones stay absent (the check says which are required). */
async function readSet(dir: string, io: Io): Promise<Partial<Record<InstallCertificateName, Uint8Array>>> {
  const set: Partial<Record<InstallCertificateName, Uint8Array>> = {};
  for (const name of CERTIFICATE_NAMES) {
    try {
      set[name] = await readUserFile(io.cwd, join(dir, name));
    } catch (error) {
      if (!(error instanceof CertwrightError && error.code === 'ERR_FILE_NOT_FOUND')) throw error;
    }
  }
  return set;
}

/** The key in the file's bytes; the passphrase is asked for only when the key is encrypted. */
async function readKey(
  path: string,
  bytes: Uint8Array,
  source: SecretSource,
  io: Io,
  output: Output,
): Promise<PrivateKey> {
  const result = await readPrivateKey(bytes, {
    source: path,
    passphrase: () => readSecret(source, { flag: 'passphrase', purpose: `passphrase for ${path}`, confirm: false }, io),
  });
  for (const warning of result.warnings) output.warn(warning.code, `${path}: ${warning.message}`);
  return result.key;
}

/**
 * The reload command runs with the caller's environment minus the variable that held the key's
 * passphrase (--passphrase-env): a reload script, or anything it starts, has no business seeing it.
 */
function reloadWith(command: string, options: InstallOptions, io: Io): () => Promise<void> {
  const env = { ...io.env };
  if (options.passphrase.env !== undefined) delete env[options.passphrase.env];
  return () => runReloadCommand(command, { timeoutSeconds: options.reloadTimeout, cwd: io.cwd, env });
}

/** Each step of the swap is a crash point (see Io.checkpoint). */
function stepCheckpoints(io: Io): InstallStepHook {
  return async (step) => {
    await io.checkpoint?.(`install: ${step.phase}${step.name ? ` ${step.name}` : ''}`);
  };
}

function reportRecovery(recovery: InstallRecovery, output: Output): void {
  if (recovery.finished !== null)
    output.note(
      `finished an interrupted ${recovery.finished.purpose} (started ${recovery.finished.startedAt}) before anything else`,
    );
  if (recovery.removed.length > 0)
    output.note(`removed ${recovery.removed.length} temporary file(s) of an install killed before it began`);
}

/** A failed reload's output is what the operator needs to see; it goes to stderr. */
function showReloadOutput(error: unknown, io: Io): void {
  if (!(error instanceof InstallError) || !(error.cause instanceof ReloadCommandError)) return;
  const text = error.cause.output.trimEnd();
  io.stderr.write(text === '' ? 'the reload command printed nothing\n' : `reload command output:\n${text}\n`);
}

function resultJson(target: string, result: InstallServerSetResult): Record<string, unknown> {
  return {
    target,
    installed: result.installed,
    removed: result.removed,
    backupDir: result.backupDir,
    reloaded: result.reloaded,
    recovered:
      result.recovery.finished === null
        ? null
        : { purpose: result.recovery.finished.purpose, startedAt: result.recovery.finished.startedAt },
    expires: result.check.expires.toISOString(),
    certificates: result.check.certificates.map((entry) => ({
      file: entry.name,
      subject: entry.certificate.subjectText,
      notAfter: entry.certificate.notAfter.toISOString(),
      sha256: entry.certificate.fingerprintSha256,
    })),
  };
}

function humanReport(target: string, result: InstallServerSetResult, reloadCmd: string | undefined): string {
  const lines = [`installed ${target}/: ${result.installed.join(', ')} (server.key 0600, certificates 0644)`];
  lines.push(`  the set is valid until ${result.check.expires.toISOString()}`);
  if (result.removed.length > 0) lines.push(`  removed ${result.removed.join(', ')} (not in the new set)`);
  lines.push(
    result.backupDir === null ? '  no previous set to back up' : `  previous set backed up in ${result.backupDir}`,
  );
  if (reloadCmd !== undefined) lines.push(`  reloaded: ${reloadCmd}`);
  return `${lines.join('\n')}\n`;
}

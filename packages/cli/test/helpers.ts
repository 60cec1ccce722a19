import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { expect } from 'vitest';
import { buildProgram, type Io, runCli } from '../src/index.js';
import { specOf } from '../src/spec/to-commander.js';

export const execFileAsync = promisify(execFile);

/** An Io with captured output, a fixed working directory and no terminal. */
export interface MemoryIo extends Io {
  out(): string;
  err(): string;
}

export function memoryIo(cwd: string, env: Record<string, string | undefined> = {}): MemoryIo {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: new PassThrough(),
    interactive: false,
    env,
    cwd,
    now: () => new Date(),
    out: () => stdout,
    err: () => stderr,
  };
}

/** Runs the CLI in-process, the way the bin does, with captured output. */
export async function cli(cwd: string, argv: string[], env: Record<string, string | undefined> = {}) {
  const io = memoryIo(cwd, env);
  const code = await runCli(argv, io);
  expectListedExitCode(argv, code);
  return { code, stdout: io.out(), stderr: io.err() };
}

const specProgram = buildProgram({ run: async () => undefined }, '0.0.0');

/**
 * Every exit code a test sees must be one the command's help lists: so a new code path that
 * returns an unlisted code fails the test that exercises it.
 */
function expectListedExitCode(argv: readonly string[], code: number): void {
  let command: Command = specProgram;
  for (const word of argv) {
    const sub = command.commands.find((candidate) => candidate.name() === word);
    if (sub === undefined) break;
    command = sub;
  }
  const spec = specOf(command);
  if (spec === undefined) return;
  expect(spec.exitCodes, `exit code ${code} of certwright ${argv.join(' ')}`).toContain(code);
}

/** A temp directory for one test file; removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'certwright-cli-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs the real openssl binary; resolves with its output or rejects with its stderr. */
export async function openssl(cwd: string, args: string[]): Promise<string> {
  const { stdout, stderr } = await execFileAsync('openssl', args, { cwd });
  return stdout + stderr;
}

import { ExitCode } from '../exit-codes.js';
import type { Handler } from '../runner.js';
import type { StepContext } from './step.js';

/** What a command reported: its exit code and its `--json` document. */
export interface Invocation {
  exitCode: ExitCode;
  result: Record<string, unknown>;
}

/**
 * Runs one command's handler as a step of the workflow: its JSON result is captured (the
 * workflow's stdout carries only the workflow's own summary) and its notes and warnings go to
 * stderr, indented under the step's heading.
 */
export async function invoke<O extends { json: boolean }>(
  context: StepContext,
  handler: Handler<O>,
  options: O,
): Promise<Invocation> {
  let captured = '';
  const io = {
    ...context.io,
    stdout: { write: (text: string) => (captured += text) },
    stderr: { write: (text: string) => writeIndented(context, text) },
  };
  const exitCode = await handler({ ...options, json: true }, io);
  const result = parseResult(captured);
  if (Array.isArray(result.warnings)) context.warnings.push(...(result.warnings as StepContext['warnings']));
  return { exitCode, result };
}

function writeIndented(context: StepContext, text: string): void {
  for (const line of text.split('\n')) if (line !== '') context.log(line);
}

function parseResult(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The outcome of a step that ran one or more commands. */
export function finished(
  invocation: Invocation,
  message: string,
  result: Record<string, unknown>,
  failure: string,
): { status: 'done' | 'failed'; exitCode: ExitCode; message: string; result: Record<string, unknown> } {
  const ok = invocation.exitCode === ExitCode.ok;
  return { status: ok ? 'done' : 'failed', exitCode: invocation.exitCode, message: ok ? message : failure, result };
}

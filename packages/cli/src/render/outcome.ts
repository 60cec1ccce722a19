import type { ExitCode } from '../exit-codes.js';
import type { Warning } from '../io/output.js';

/**
 * What a command's work came to, before any rendering: its exit code, its result (the fields of
 * the `--json` document), and the notes and warnings it told along the way.
 */
export interface Outcome<R> {
  exitCode: ExitCode;
  result: R;
  notes: string[];
  warnings: Warning[];
}

/** Where work tells what it does: notes for the person at the terminal, warnings with a stable code. */
export interface Progress {
  note(message: string): void;
  warn(code: string, message: string): void;
}

/**
 * The notes and warnings of one command, kept for its outcome and, when a sink is given, passed
 * on as they happen (a person at a terminal wants progress now, not at the end).
 */
export class Talk implements Progress {
  readonly notes: string[] = [];
  readonly warnings: Warning[] = [];

  constructor(
    private readonly sink?: (line: string) => void,
    private readonly forward?: Progress,
  ) {}

  /** Keeps what it is told and passes it on to another Progress (a workflow step's) as it comes. */
  static forwardingTo(progress: Progress): Talk {
    return new Talk(undefined, progress);
  }

  /** A note for the person at the terminal (progress, what was written). */
  note(message: string): void {
    this.notes.push(message);
    this.sink?.(message);
    this.forward?.note(message);
  }

  /** A warning, e.g. a dangerous flag or a weak legacy format; it never changes the exit code. */
  warn(code: string, message: string): void {
    this.warnings.push({ code, message });
    this.sink?.(`warning: ${message}`);
    this.forward?.warn(code, message);
  }

  /** The outcome of the command that told these. */
  outcome<R>(exitCode: ExitCode, result: R): Outcome<R> {
    return { exitCode, result, notes: [...this.notes], warnings: [...this.warnings] };
  }
}

import type { Io } from '../io/io.js';
import type { Handler } from '../runner.js';
import { type Outcome, Talk } from './outcome.js';

/** A command's work: its options and the process's streams in, an outcome out; it renders nothing. */
export type Compute<O, R> = (options: O, io: Io, talk: Talk) => Promise<Outcome<R>>;

/** A result as text for stdout; empty when the notes on stderr said it all. */
export type TextRender<O, R> = (result: R, options: O) => string;

/** The text of a command whose notes on stderr say it all (what it wrote, where). */
export function noText(): string {
  return '';
}

/**
 * The `--json` document of a result: stable field names (docs/cli.md), the warnings too. A result
 * may set its own `ok` (rotate says false when the pair was left mixed).
 */
export function jsonDocument(result: object, warnings: Outcome<unknown>['warnings']): string {
  return `${JSON.stringify({ ok: true, ...result, warnings }, null, 2)}\n`;
}

/**
 * A handler that runs `compute` with its notes and warnings going to stderr as they happen, then
 * writes the result to stdout: the JSON document with --json (`json` for a command whose document
 * has its own shape), else `text` of it.
 */
export function present<O extends { json: boolean }, R extends object>(
  compute: Compute<O, R>,
  text: TextRender<O, R>,
  json?: (result: R, warnings: Outcome<R>['warnings']) => object,
): Handler<O> {
  return async (options, io) => {
    const talk = new Talk((line) => io.stderr.write(`${line}\n`));
    const outcome = await compute(options, io, talk);
    if (options.json) {
      io.stdout.write(
        json === undefined
          ? jsonDocument(outcome.result, outcome.warnings)
          : `${JSON.stringify(json(outcome.result, outcome.warnings), null, 2)}\n`,
      );
    } else {
      const human = text(outcome.result, options);
      if (human !== '') io.stdout.write(human.endsWith('\n') ? human : `${human}\n`);
    }
    return outcome.exitCode;
  };
}

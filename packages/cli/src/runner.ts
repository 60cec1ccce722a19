import type { ExitCode } from './exit-codes.js';
import type { Io } from './io/io.js';

/** A command handler: one typed options object in, an exit code out. Never sees commander. */
export type Handler<O> = (options: O, io: Io) => Promise<ExitCode>;

/**
 * What a parsed command hands its options to. The real runner loads the handler lazily and
 * runs it; tests use one that records the options, to check the argv → options mapping.
 */
export interface Runner {
  run<O>(command: string, options: O, load: () => Promise<Handler<O>>): Promise<void>;
}

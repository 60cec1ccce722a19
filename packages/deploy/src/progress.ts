/** A warning: a stable code and one line; it never changes an outcome. */
export interface Warning {
  code: string;
  message: string;
}

/**
 * Where an operation tells what it does as it goes: notes for the person watching (progress, what
 * was written) and warnings with a stable code. The CLI prints them; a library caller may collect
 * them, or pass `silentProgress`.
 */
export interface Progress {
  note(message: string): void;
  warn(code: string, message: string): void;
}

/** A Progress that drops everything. */
export const silentProgress: Progress = {
  note: () => undefined,
  warn: () => undefined,
};

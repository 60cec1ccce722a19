/** One file of a set to swap in: its name in the target, its bytes and its mode. */
export interface InstallFile {
  name: string;
  data: Uint8Array;
  mode: number;
}

/** A step of an install that has just been completed, for progress reports and crash tests. */
export interface InstallStep {
  phase: 'stage' | 'journal' | 'backup' | 'switch' | 'remove' | 'finish' | 'reload' | 'rollback';
  /** The file the step was about, when it was about one. */
  name?: string;
}

/** Called after each step; awaited, so a caller may pause there. */
export type InstallStepHook = (step: InstallStep) => void | Promise<void>;

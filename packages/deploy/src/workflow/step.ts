import type { PassphraseSource } from '../keys/read-key-file.js';
import type { Progress } from '../progress.js';
import type { WorkflowConfig } from './config.js';
import type { PushBoardFiles } from './push-board-files.js';
import type { StepResult } from './step-results.js';

/** The secrets the steps read, each asked of its source only when a step needs it; never stored. */
export interface StepSecrets {
  /** key.passphrase: the server key's (step 1 sets it). */
  key: PassphraseSource;
  /** ca.lab.passphrase: the lab CA keys'. */
  ca: PassphraseSource;
  /** ca.storepass: a PKCS#12 answer of the CA. */
  storepass: PassphraseSource;
  /** devices.passphrase: board_pkey.pem's. */
  boardKey: PassphraseSource;
  /** devices.password: for inventory rows without their own. */
  devicePassword: PassphraseSource;
}

/** What a step gets to do its work. */
export interface StepContext {
  config: WorkflowConfig;
  /** The config's directory: every path in the config starts there. */
  cwd: string;
  /** The environment a reload command runs with. */
  env: Record<string, string | undefined>;
  now: () => Date;
  secrets: StepSecrets;
  /** The step's notes (a line each, under its heading) and warnings (also in the summary). */
  progress: Progress;
  /** This workflow has started the step before, so the files it finds are its own to replace. */
  rerun: boolean;
  /** Step 8's device push (the CLI's `device push`, until it lives in a library). */
  pushBoardFiles: PushBoardFiles | undefined;
  /** A crash point (install's swap); tests only. */
  checkpoint: (label: string) => Promise<void>;
}

/**
 * Why a step failed without an error: a check said no, or not every device took the files. An
 * error (unreadable input, a refused install, the network) is thrown instead.
 */
export type StepFailure = 'check-failed' | 'no-device-updated' | 'some-devices-updated';

/** How a step ended. `paused` stops the run without failing it (e.g. waiting for the CA). */
export type StepOutcome =
  | { status: 'done' | 'paused' | 'pending'; message: string; result: StepResult }
  | { status: 'failed'; failure: StepFailure; message: string; result: StepResult };

/** One step of the eight-step workflow. */
export interface Step {
  /** 1–5, 6 (steps 6–7) or 8. */
  id: number;
  label: string;
  name: string;
  /** What the step does and checks, for the wizard and the docs. */
  explain: string;
  /** Why the step does not apply to this config (e.g. no install section), or undefined. */
  skipReason(config: WorkflowConfig): string | undefined;
  /** The config settings the step depends on: a change makes its earlier result stale. */
  settings(config: WorkflowConfig): unknown;
  /** The files the step reads (relative to the config's directory). */
  inputs(config: WorkflowConfig): Promise<string[]>;
  /** The files and directories the step writes. */
  outputs(config: WorkflowConfig): string[];
  /** A check only: run it again on every run, even when it finished before. */
  alwaysRun: boolean;
  /** The step finishes or undoes its own interrupted work (install's journal): leave its temp files alone. */
  recoversItself?: boolean;
  run(context: StepContext): Promise<StepOutcome>;
}

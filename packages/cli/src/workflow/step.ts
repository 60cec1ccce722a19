import type { ExitCode } from '../exit-codes.js';
import type { Io } from '../io/io.js';
import type { SecretSource } from '../io/secrets.js';
import type { WorkflowConfig } from './config.js';

/** The secret sources handed to the commands the steps run; never the secrets themselves. */
export interface StepSecrets {
  key: SecretSource;
  ca: SecretSource;
  storepass: SecretSource;
  boardKey: SecretSource;
  devicePassword: SecretSource;
}

/** What a step gets to do its work. */
export interface StepContext {
  config: WorkflowConfig;
  /** For the commands a step runs: cwd is the config's directory. */
  io: Io;
  secrets: StepSecrets;
  /** A line of talk under the step's heading (stderr). */
  log(line: string): void;
  /** This workflow has started the step before, so the files it finds are its own to replace. */
  rerun: boolean;
  /** Warnings of the commands the step ran, for the summary. */
  warnings: { code: string; message: string }[];
}

/** How a step ended. `paused` stops the run without failing it (e.g. waiting for the CA). */
export interface StepOutcome {
  status: 'done' | 'paused' | 'failed' | 'pending';
  exitCode: ExitCode;
  /** One line for the summary. */
  message: string;
  /** Details for --json (file names, fingerprints, checks); never secrets. */
  result: Record<string, unknown>;
}

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
  /** The commands it amounts to, shown before it runs. */
  preview(config: WorkflowConfig): string[];
  /** A check only: run it again on every run, even when it finished before. */
  alwaysRun: boolean;
  /** The command finishes or undoes its own interrupted work (install's journal): leave its temp files alone. */
  recoversItself?: boolean;
  run(context: StepContext): Promise<StepOutcome>;
}

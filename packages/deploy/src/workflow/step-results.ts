import type { KeyDescription } from '@certwright/core';
import type { ImportedFile } from '../operations/import-server-set.js';

/** Step 1: the key written. */
export interface KeyStepResult {
  file: string;
  key: KeyDescription;
  publicKeySha256: string;
}

/** Step 2: the CSR written. */
export interface CsrStepResult {
  file: string;
}

/** Step 3 with the enterprise CA: the CSR to hand over and its fingerprint. */
export interface CsrHandedOverResult {
  csr: string;
  sha256: string;
}

/** Step 3 with a lab CA: the certificate it signed. */
export interface LabSignedResult {
  csr: string;
  csrSha256: string;
  certificate: string;
  sha256: string;
}

/** Step 4 before the CA has answered. */
export interface WaitingForCaResult {
  waitingFor: string;
}

/** Step 4: the server set written, by role (`files`: as `certwright import` describes each). */
export interface ImportStepResult {
  directory: string;
  files: ImportedFile[];
  from: string[];
}

/** Step 5: the set installed. */
export interface InstallStepResult {
  target: string;
  installed: string[];
  backupDir: string | null;
  reloaded: boolean;
}

/** One check of steps 6–7; `code` names what failed. */
export interface VerifyCheck {
  name: 'files' | 'chain' | 'order' | 'key' | 'expiry' | 'served' | 'stapled';
  ok: boolean;
  code?: string;
  message: string;
}

/** Steps 6–7: every check and its outcome. */
export interface VerifyStepResult {
  directory: string;
  checks: VerifyCheck[];
}

/** Step 8: how each device ended. */
export interface DevicesStepResult {
  devices: { name: string; state: string }[];
  report: string | null;
}

/** What a step reports (its `result` in the state file and in the run's JSON); `{}` when it failed early. */
export type StepResult =
  | KeyStepResult
  | CsrStepResult
  | CsrHandedOverResult
  | LabSignedResult
  | WaitingForCaResult
  | ImportStepResult
  | InstallStepResult
  | VerifyStepResult
  | DevicesStepResult
  | Record<string, never>;

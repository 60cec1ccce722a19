import type { PassphraseSource } from '../keys/read-key-file.js';
import type { Progress } from '../progress.js';

/** What step 8 asks of a device push: the board files onto every device of an inventory. */
export interface PushBoardFilesRequest {
  /** The directory the paths are relative to. */
  cwd: string;
  inventory: string;
  /** board_cert.pem, board_pkey.pem and root.pem. */
  cert: string;
  key: string;
  root: string;
  /** board_pkey.pem's passphrase, asked for only when it is encrypted. */
  passphrase: PassphraseSource;
  /** The device password for inventory rows without their own. */
  devicePassword: PassphraseSource;
  /** The CA that verifies the devices' current HTTPS certificates. */
  caFile: string | undefined;
  tlsContext: number | undefined;
  concurrency: number;
  /** Where the per-device JSON report goes (replaced). */
  report: string | undefined;
  /** OVOC's certificate and intermediates: the devices must be able to verify it. */
  ovocCert: string[];
  progress: Progress;
}

/** One device after the push; `command` completes a device left half-done. */
export interface PushedDevice {
  name: string;
  state: string;
  command?: string | undefined;
}

/** How every device ended. */
export interface PushBoardFilesResult {
  devices: PushedDevice[];
}

/** A device push: `certwright device push` in the CLI. */
export type PushBoardFiles = (request: PushBoardFilesRequest) => Promise<PushBoardFilesResult>;

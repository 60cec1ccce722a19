// The options of `device push`, on their own so that the command, the handler and the command line that
// completes a push (push-command.ts) share them without importing one another.
import type { SecretSource } from '../../io/secrets.js';
import type { DeviceReachOptions } from './device-access.js';

export interface DevicePushOptions extends DeviceReachOptions {
  cert: string;
  key: string;
  passphrase: SecretSource;
  root: string;
  tlsContext?: number | undefined;
  roots: 'add' | 'replace';
  mutual: boolean;
  clientCert?: string | undefined;
  clientKey?: string | undefined;
  clientKeyPassphrase: SecretSource;
  concurrency: number;
  dryRun: boolean;
  report?: string | undefined;
  force: boolean;
  allowReset: boolean;
  /** Push to HA pairs (active unit, then a switchover); needs allowReset. */
  allowHa: boolean;
  leafOnly: boolean;
  allowWeakBoardKey: boolean;
  /** OVOC's certificate, then its intermediates (files). */
  ovocCert: string[];
  ovocUrl?: string | undefined;
  cloudArchitecture: boolean;
  maxClockSkewSeconds: number;
  busyWaitSeconds: number;
  maxAuthFailures: number;
  json: boolean;
}

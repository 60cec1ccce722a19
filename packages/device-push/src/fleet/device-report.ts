/** What became of one device in a fleet run. */
export type DeviceOutcome = 'updated' | 'rolled-back' | 'needs-attention' | 'pending-reset' | 'unchanged' | 'failed';

/** A device error as reports carry it: code, message, HTTP status — never a secret. */
export interface ReportedError {
  code: string;
  message: string;
  status?: number;
}

/** Checks a push can have made, in report order. */
export type VerifiedCheck =
  | 'certificate-read-back'
  | 'private-key-valid'
  | 'trusted-roots'
  | 'ini-values'
  | 'served-certificate'
  | 'saved'
  | 'mutual-tls-with-client-certificate'
  | 'mutual-tls-enforced'
  | 'previous-certificate-served'
  | 'previous-certificate-read-back'
  | 'ha-switchover';

/** What pre-flight learnt about a device, read-only (docs/devices.md, "Pre-flight"). */
export interface DeviceFacts {
  /** `versionID` from GET status. */
  firmware?: string | undefined;
  /** `highAvailability` as the device wrote it. */
  highAvailability?: string | undefined;
  /** The device's clock minus ours, in seconds (from localTimeStamp, else the Date header). */
  clockSkewSeconds?: number | undefined;
  /** NTPServerIP; '' or 0.0.0.0 when none is configured. */
  ntpServer?: string | undefined;
  /** The TLS contexts the device has and which links use each (from the ini). */
  tlsContexts?: { id: number; name: string; links: string[] }[] | undefined;
}

/** One device's line of the JSON report. Always the truth about the device as last seen. */
export interface DeviceReport {
  name: string;
  host: string;
  port: number;
  profile: string;
  state: DeviceOutcome;
  /** Requests that changed something, in order (method and path, never bodies). */
  changes: string[];
  verified: VerifiedCheck[];
  /** SHA-256 (hex) of the leaf a new connection got before and after. */
  servedBefore?: string | undefined;
  servedAfter?: string | undefined;
  /** The device's saveNeeded when last read. */
  saveNeeded?: boolean | undefined;
  retries: number;
  errors: ReportedError[];
  /** WARN_DEVICE_* notes that did not stop the device (a chain refused, no NTP, another link's context). */
  warnings: ReportedError[];
  /** What pre-flight read from the device. */
  device?: DeviceFacts | undefined;
  /** needs-attention: the command that completes the push; pending-reset: the same with --allow-reset. */
  command?: string | undefined;
  /** A line for the table. */
  summary: string;
}

/** An error as a report line, without stack or cause. */
export function reportedError(error: unknown): ReportedError {
  if (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const status = (error as { status?: unknown }).status;
    return {
      code: error.code,
      message: String((error as { message?: unknown }).message ?? ''),
      ...(typeof status === 'number' ? { status } : {}),
    };
  }
  return { code: 'ERR_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

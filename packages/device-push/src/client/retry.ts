import { DeviceError, isRetryable } from './errors.js';

/**
 * Exponential backoff with full jitter and a cap. Retries only what isRetryable says (409, 5xx,
 * timeouts, dropped or refused connections) — never 401/403, which lock device users out.
 */
export interface RetryPolicy {
  /** Tries in all, the first included (1 = no retry), for every retryable failure but 409. */
  attempts: number;
  /**
   * How long one request may keep meeting 409 (HA synchronisation, "the device cannot do it now") before it
   * fails: 409s do not count against `attempts`, only against this time (default: none beyond `attempts`).
   */
  busyBudgetMs?: number;
  /** The clock the busy budget is measured with; injectable for tests. */
  now?: () => number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Random source in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
  /** Waits; injectable so tests need no real time. */
  sleep?: (ms: number) => Promise<void>;
}

/** Enough to ride out an HA synchronisation window or a device reset of about half a minute. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 8, baseDelayMs: 250, maxDelayMs: 8000 };

/** The wait before retry number `retry` (1-based): uniform in [0, min(cap, base·2^(retry−1))]. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor((policy.random ?? Math.random)() * ceiling);
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `operation` until it succeeds, fails with something not retryable, or the attempts (or the busy budget) are used up. */
export async function withRetry<T>(
  policy: RetryPolicy,
  operation: () => Promise<T>,
  onRetry?: (error: unknown, retry: number) => void,
): Promise<T> {
  const sleep = policy.sleep ?? realSleep;
  const now = policy.now ?? Date.now;
  let busySince: number | undefined;
  let otherFailures = 0;
  for (let retry = 1; ; retry++) {
    try {
      return await operation();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const busy =
        error instanceof DeviceError && error.code === 'ERR_DEVICE_BUSY' && policy.busyBudgetMs !== undefined;
      if (busy) {
        busySince ??= now();
        if (now() - busySince >= (policy.busyBudgetMs as number)) throw error;
      } else if (++otherFailures >= policy.attempts) {
        throw error;
      }
      onRetry?.(error, retry);
      await sleep(backoffDelay(policy, retry));
    }
  }
}

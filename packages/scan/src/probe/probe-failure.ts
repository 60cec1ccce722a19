/** How a connection to a target failed. */
export type ProbeFailureKind =
  /** Refused, reset, unroutable or unresolvable: nothing listens there. */
  | 'unreachable'
  /** No answer within the timeout. */
  | 'timeout'
  /** Something answered, but it offers no TLS there (StartTLS refused, TDS without encryption). */
  | 'no-tls'
  /** The peer broke the protocol being spoken before TLS (not LDAP, not TDS). */
  | 'protocol';

/** A probe that could not reach TLS at all. Its message names the target and the reason in one line. */
export class ProbeFailure extends Error {
  override readonly name = 'ProbeFailure';
  constructor(
    readonly kind: ProbeFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'EPIPE',
]);

/** A socket error as a ProbeFailure (network errors) or undefined (anything else, e.g. a TLS alert). */
export function networkFailure(error: unknown): ProbeFailure | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !UNREACHABLE_CODES.has(code)) return undefined;
  const text = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'name does not resolve' : code;
  return new ProbeFailure('unreachable', text, { cause: error });
}

/** What a finding is about. The first seven are what `--fail-on` can name. */
export type FindingCode =
  | 'expired'
  | 'expiring'
  | 'weak-tls'
  | 'weak-cipher'
  | 'default-cert'
  | 'untrusted'
  | 'name-mismatch'
  | 'not-yet-valid'
  | 'chain-order'
  | 'chain-incomplete'
  | 'chain-extra'
  | 'weak-key'
  | 'weak-signature'
  | 'client-cert-required'
  | 'revoked'
  | 'ocsp-problem'
  | 'no-tls';

/** How much a finding matters, from `critical` down to `info`; which findings fail a run is `--fail-on`'s choice. */
export type FindingSeverity = 'critical' | 'warning' | 'info';

/** One thing worth a person's attention on one target. */
export interface Finding {
  code: FindingCode;
  severity: FindingSeverity;
  /** One line, naming the certificate or version concerned. */
  message: string;
  /** The certificate it is about (fingerprint), when it is about one. */
  certificate?: string;
  /** Days to expiry, for `expired` and `expiring`. */
  daysLeft?: number;
  /** The OVOC security guideline the finding relates to, in a few words. */
  guideline?: string;
}

/** The codes `--fail-on` accepts (`expiring` as `expiring:30d`). */
export const FAILABLE_CODES = [
  'expired',
  'expiring',
  'weak-tls',
  'weak-cipher',
  'default-cert',
  'untrusted',
  'name-mismatch',
] as const satisfies readonly FindingCode[];

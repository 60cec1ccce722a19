/** The TLS versions the scanner probes, oldest first, as Node and OpenSSL name them. */
export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
/** One of TLS_VERSIONS: `TLSv1` to `TLSv1.3`. */
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** The record-layer version numbers of TLS 1.0–1.2 (TLS 1.3 negotiates inside an extension). */
export const WIRE_VERSIONS: Record<Exclude<TlsVersion, 'TLSv1.3'>, number> = {
  TLSv1: 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
};

/** `TLSv1` → `TLS 1.0`, for people. */
export function versionLabel(version: TlsVersion): string {
  return version === 'TLSv1' ? 'TLS 1.0' : version.replace('TLSv', 'TLS ');
}

/** Versions below TLS 1.2: what `--fail-on weak-tls` means. */
export function isWeakVersion(version: TlsVersion): boolean {
  return version === 'TLSv1' || version === 'TLSv1.1';
}

/** The asn1js module, loaded on first use (≈50 ms) so that importing @certwright/core stays free. */
export type Asn1js = typeof import('asn1js');

let loading: Promise<Asn1js> | undefined;

/** asn1js, loaded once. */
export function loadAsn1js(): Promise<Asn1js> {
  loading ??= import('asn1js');
  return loading;
}

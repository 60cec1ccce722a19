/**
 * Lazy access to @peculiar/x509. It needs `reflect-metadata` loaded first and costs ~100 ms
 * to load, so nothing imports it at module load: importing @certwright/core stays free.
 */
type X509Module = typeof import('@peculiar/x509');

let loading: Promise<X509Module> | undefined;

/** The @peculiar/x509 module, loaded once on first use. */
export function loadX509(): Promise<X509Module> {
  loading ??= (async () => {
    await import('reflect-metadata');
    return import('@peculiar/x509');
  })();
  return loading;
}

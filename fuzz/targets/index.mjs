// The fuzz targets: one per parser family of the public API, each a module exporting
// { name, defaultVariant, setup(), generate(state, rng), run(state, input), kdfIterations?, teardown? }.
export const TARGET_NAMES = [
  'pem',
  'der',
  'certificate',
  'chain',
  'crl',
  'ocsp',
  'csr',
  'key',
  'pkcs7',
  'pkcs12',
  'jks',
  'inventory',
  'ini',
];

export async function loadTarget(name) {
  if (!TARGET_NAMES.includes(name)) throw new Error(`unknown fuzz target '${name}'`);
  return (await import(`./${name}.mjs`)).default;
}

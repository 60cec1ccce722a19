/** The PEM labels of private keys: PKCS#8 (plain and encrypted) and the legacy RSA and EC forms. */
export const PRIVATE_KEY_LABELS: readonly string[] = [
  'PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
  'RSA PRIVATE KEY',
  'EC PRIVATE KEY',
];

/** True when a PEM file's block labels include a private key. */
export function holdsPrivateKey(labels: readonly string[] | undefined): boolean {
  return labels?.some((label) => PRIVATE_KEY_LABELS.includes(label)) === true;
}

// Public API of @certwright/core: every export is listed by name. Nothing runs at import.
export {
  CertificateError,
  CertwrightError,
  type CoreErrorCode,
  CsrError,
  type ErrorSubject,
  FormatError,
  InvalidArgumentError,
  KeyError,
} from './errors.js';

// keys
export { describeKeyObject, keyLabel } from './keys/describe.js';
export { generateKey } from './keys/generate.js';
export type { EcCurve, HashAlgorithm, KeyDescription, KeySpec, PrivateKey, RsaBits } from './keys/types.js';
// (keys: more exports here)

// csr
// (csr: exports here)

// cert and lab CA
// (cert and ca: exports here)

// Public API of @certwright/core: every export is listed by name. Nothing runs at import.
export {
  CertificateError,
  CertwrightError,
  CsrError,
  type ErrorSubject,
  FormatError,
  InvalidArgumentError,
  KeyError,
  ServerSetError,
} from './errors.js';

// the error catalogue: every code, its kind, meaning and exit code
export {
  type CatalogueCode,
  type CatalogueRow,
  ERROR_CATALOGUE,
  type ErrorArea,
  type ErrorCode,
  exitCodeOf,
  isCatalogueCode,
  type LintCode,
  type WarningCode,
} from './error-codes/catalogue.js';
export type { CatalogueEntry, ErrorEntry, ErrorExitCode, LintEntry, WarningEntry } from './error-codes/entry.js';

// keys
export { describeKeyObject, keyLabel } from './keys/describe.js';
export { describeKeyProtection, type KeyProtection } from './keys/describe-protection.js';
export { fingerprintText } from './x509/fingerprint-text.js';
export { dnsNameMatches } from './x509/hostname-match.js';
export { type LinkedPeerCertificate, peerCertificateChain } from './x509/peer-chain.js';
export { generateKey } from './keys/generate.js';
export type { EcCurve, HashAlgorithm, KeyDescription, KeySpec, PrivateKey, RsaBits } from './keys/types.js';
// (keys: more exports here)
export {
  type ExportPrivateKeyOptions,
  exportPrivateKeyDer,
  exportPrivateKeyPem,
  MIN_PBKDF2_ITERATIONS,
} from './keys/export.js';
export {
  assertKeyMatchesCertificate,
  keyMatchesCertificate,
  keyMatchesCsr,
  type MatchOptions,
} from './x509/key-match.js';
export { exportPublicKeyDer, exportPublicKeyPem } from './keys/public-key.js';
export {
  DEFAULT_MAX_ITERATIONS,
  type KeyWarning,
  type PassphraseInput,
  type ReadPrivateKeyOptions,
  type ReadPrivateKeyResult,
  readPrivateKey,
} from './keys/read.js';

// csr
// (csr: exports here)
export { type CreateCsrOptions, createCsr } from './csr/create.js';
export { type LintFinding, lintCsr } from './csr/lint.js';
export { parseCsr } from './csr/parse.js';
export { parseSubjectAltName, type SubjectAltName } from './x509/subject-alt-name.js';
export { type SubjectFields, validateSubject } from './x509/subject.js';
export type { CsrInfo } from './csr/types.js';
export type { ExtendedKeyUsageName, KeyUsageName } from './x509/key-usage.js';
export { assertCsrSignature, type VerifyCsrOptions, verifyCsr } from './csr/verify.js';

// cert and lab CA
// (cert and ca: exports here)
export { parseCertificate } from './x509/parse-certificate.js';
export type { CertificateInfo } from './x509/certificate-info.js';
export { type CreateLabCaOptions, createLabCa } from './ca/create-lab-ca.js';
export { type SignCsrOptions, signCsr } from './ca/sign-csr.js';
export type { IssueWarning, LabCa, LabCaMember, SignedCertificate } from './ca/types.js';
export type { SerialSource } from './ca/serial.js';

// formats
export { detectFormat } from './formats/detect.js';
export { encodeCertificates } from './formats/encode-certificates.js';
export { readCertificates } from './formats/read-certificates.js';
export { PKCS12_MAX_ITERATIONS, readPkcs12 } from './formats/read-pkcs12.js';
export type {
  CertificateEncoding,
  DetectedFormat,
  FormatDetection,
  Pkcs12Certificate,
  Pkcs12Key,
  Pkcs12Result,
  ReadCertificatesOptions,
  ReadPkcs12Options,
} from './formats/types.js';

// chain
export { ChainError } from './errors.js';
export { type BuiltPath, buildPaths, DEFAULT_MAX_CANDIDATES, DEFAULT_MAX_DEPTH } from './chain/build.js';
export type {
  BuildPathsOptions,
  ChainCertificateInput,
  ChainPolicyOptions,
  ChainProblem,
  ChainProblemCode,
  ChainProfile,
  ChainPurpose,
  ChainRevocationMode,
  ChainRevocationStatus,
  ChainValidationResult,
  ValidateChainOptions,
} from './chain/types.js';
export { validateChain } from './chain/validate.js';
export {
  type CheckOcspResponseOptions,
  checkOcspResponse,
  type OcspResponseCheck,
} from './chain/check-ocsp-response.js';
export {
  type FetchedRevocation,
  type FetchRevocationOptions,
  fetchRevocation,
  type RevocationFetch,
  type RevocationFetchAttempt,
  type RevocationFetchCache,
  type RevocationFetchRequest,
} from './chain/fetch-revocation.js';

// the OVOC server certificate set
export {
  type ArrangeServerSetOptions,
  arrangeServerSet,
  MAX_SERVER_SET_INTERMEDIATES,
  type ServerSet,
} from './server-set/arrange.js';

// install (workflow step 5): the journaled swap, on local disk or any InstallFileSystem
export { defaultBackupRoot } from './install/backup-dir.js';
export {
  type CheckInstallSetOptions,
  checkInstallSet,
  type InstallCertificateName,
  type InstallSetCheck,
  type InstallWarning,
} from './install/check-set.js';
export { InstallError, type InstallErrorCode } from './install/errors.js';
export {
  type InstallServerSetOptions,
  type InstallServerSetResult,
  installServerSet,
} from './install/install.js';
export type { InstallFileSystem } from './install/install-fs.js';
export {
  INSTALL_CERT_MODE,
  INSTALL_FILES,
  INSTALL_JOURNAL_NAME,
  INSTALL_KEY_MODE,
  INSTALL_MANAGED_NAMES,
  INSTALL_TEMP_PREFIX,
} from './install/layout.js';
export { LocalInstallFileSystem } from './install/local-fs.js';
export { type InstallRecovery, recoverInstall } from './install/recover.js';
export { type ResumeInstallOptions, type ResumeInstallResult, resumeInstall } from './install/resume.js';
export { type SwapRequest, swapFiles } from './install/swap.js';
export type { InstallFile, InstallStep, InstallStepHook } from './install/types.js';

// truststore (JKS)
export { defaultAlias } from './truststore/default-alias.js';
export { TrustStoreError } from './errors.js';
export { addJksTrustedCertificate } from './truststore/jks-add-trusted-certificate.js';
export { createJksKeyStore } from './truststore/jks-create-key-store.js';
export { createJksTrustStore } from './truststore/jks-create-trust-store.js';
export { readJks } from './jks/read-jks.js';
export { readJksPrivateKey } from './jks/read-jks-private-key.js';
export { removeJksEntry } from './truststore/jks-remove-entry.js';
export type {
  AddJksTrustedCertificateOptions,
  CreateJksKeyStoreOptions,
  CreateJksTrustStoreOptions,
  JksCertificateInput,
  JksContents,
  JksEntry,
  ReadJksOptions,
  ReadJksPrivateKeyOptions,
  RemoveJksEntryOptions,
} from './jks/types.js';

// truststore (PKCS#12)
export { addPkcs12TrustedCertificate } from './truststore/pkcs12-add-trusted-certificate.js';
export { createPkcs12KeyStore } from './truststore/pkcs12-create-key-store.js';
export { createPkcs12TrustStore } from './truststore/pkcs12-create-trust-store.js';
export { removePkcs12Entry } from './truststore/pkcs12-remove-entry.js';
export type {
  AddPkcs12TrustedCertificateOptions,
  CreatePkcs12KeyStoreOptions,
  CreatePkcs12TrustStoreOptions,
  Pkcs12CertificateInput,
  Pkcs12Preset,
  RemovePkcs12EntryOptions,
} from './truststore/pkcs12-types.js';

// configuration files written by hand (workflow config, HA plan, device inventory)
export {
  type ConfigFault,
  type ConfigFaultKind,
  ConfigFields,
  type ConfigReaderOptions,
  configFaultMessage,
  configFieldProblem,
  configText,
} from './lib/config-fields.js';
export { MAX_CONFIG_VALUES, readConfigYaml } from './lib/config-yaml.js';

// text from an input file shown on a terminal or in a log line
export { isUnsafeCharacter, shownCharacter } from './lib/unsafe-character.js';

/** Errors of @certwright/core: arguments, formats, keys, CSRs, certificates, server sets. */
import { error } from './entry.js';

export const CORE_CODES = {
  ERR_INVALID_ARGUMENT: error(
    2,
    "a caller's argument cannot be used: key size, curve, iteration count outside 600,000–2³¹−1, unknown key-usage name, challenge password length, serial, `intermediates` out of range, an invalid date",
  ),
  ERR_FORMAT_TOO_LARGE: error(3, 'the input is larger than 16 MiB; refused before parsing'),
  ERR_FORMAT_NOT_PEM: error(3, 'no PEM block where one was expected (and not DER either)'),
  ERR_FORMAT_PEM_INVALID: error(
    3,
    'a PEM block whose body is not base64, is truncated (base64 cut short or no END line), has padding before its end, or whose END label differs from BEGIN',
  ),
  ERR_FORMAT_UNEXPECTED_PEM_LABEL: error(3, 'PEM of the wrong kind, e.g. a certificate where a key was expected'),
  ERR_FORMAT_UNRECOGNIZED: error(
    3,
    'neither PEM, a DER structure Certwright reads (certificate, CSR, key, PKCS#7, PKCS#12) nor a JKS; also empty input',
  ),
  ERR_FORMAT_TRUNCATED: error(3, 'DER shorter than its lengths say: a cut-off download or copy'),
  ERR_FORMAT_DER_INVALID: error(
    3,
    'malformed DER or BER (trailing bytes, multi-byte tags, an indefinite length on a primitive element), a count (version, iteration count, CRL number) longer than 32 bytes or an OBJECT IDENTIFIER longer than 256 bytes (or with an arc over 20 bytes), or an item of a bundle that is not an X.509 certificate',
  ),
  ERR_FORMAT_LIMIT_EXCEEDED: error(
    3,
    'ASN.1 nested deeper than 64, more than 500,000 ASN.1 elements, or more than 1,000 certificates (or PKCS#12 bags) in one input; `parseCertificate` and `parseCsr` check this (and the 16 MiB size) before parsing',
  ),
  ERR_FORMAT_NO_CERTIFICATES: error(
    3,
    'the input holds no certificate (an empty `.p7b`, a CSR, a key), or an empty list to encode',
  ),
  ERR_FORMAT_DER_SINGLE_CERTIFICATE: error(
    3,
    'DER output holds exactly one certificate; use PEM or PKCS#7 for a chain (`convert` reports this as a usage error, exit 2)',
  ),
  ERR_FORMAT_PKCS7_UNSUPPORTED: error(
    3,
    'PKCS#7 that is not SignedData (e.g. enveloped data): only certificate bundles are read',
  ),
  ERR_FORMAT_NOT_PKCS12: error(3, '`readPkcs12` was given something other than a PKCS#12 file'),
  ERR_FORMAT_PKCS12_PASSWORD_REQUIRED: error(3, 'the input is PKCS#12 and no store password was given'),
  ERR_FORMAT_JKS_PASSWORD_REQUIRED: error(3, 'the input is a Java KeyStore (JKS) and no store password was given'),
  ERR_FORMAT_PKCS12_BAD_PASSWORD: error(
    3,
    'wrong PKCS#12 password: the MAC does not verify (or the file was altered), or the contents cannot be decrypted',
  ),
  ERR_FORMAT_PKCS12_UNSUPPORTED: error(
    3,
    'PKCS#12 protection Certwright does not read: PBMAC1, public-key mode, or more than 1,000,000 KDF iterations (the MAC, an encrypted safe or a shrouded key bag)',
  ),
  ERR_KEY_INVALID: error(
    3,
    "not a private key: random bytes, a certificate in DER, truncated or malformed key structures; a key whose parts do not fit together (an EC scalar outside the curve's order or of the wrong length, a stored EC public key that is not the scalar's, RSA primes or CRT values that do not match the modulus); checked before Node's decoder sees the key",
  ),
  ERR_KEY_UNSUPPORTED: error(
    3,
    'a key type or curve Certwright does not handle (e.g. secp256k1, X25519, explicit EC curve parameters, multi-prime RSA, DSA for signing), or an RSA modulus over 16,384 bits',
  ),
  ERR_KEY_PASSPHRASE_REQUIRED: error(3, 'the key is encrypted and no passphrase was given'),
  ERR_KEY_BAD_PASSPHRASE: error(3, 'wrong passphrase (the message never contains the passphrase or key bytes)'),
  ERR_KEY_ENCRYPTION_UNSUPPORTED: error(
    3,
    "the key's encryption is refused: more than 10,000,000 PBKDF2 iterations (or scrypt cost) — a file must not be able to hang us — or a cipher only OpenSSL's legacy provider has (DES)",
  ),
  ERR_KEY_MISMATCH: error(
    1,
    'the private key does not belong to the certificate (or, in `ca sign`, the CA key to the CA certificate)',
  ),
  ERR_CSR_INVALID: error(3, 'not a PKCS#10 CSR, or (when signing) a CSR with neither subject nor SAN'),
  ERR_CSR_BAD_SIGNATURE: error(
    3,
    "the CSR's signature does not verify (altered or corrupted), or uses MD5 or an algorithm that cannot be checked",
  ),
  ERR_SUBJECT_INVALID: error(
    2,
    'a subject field is unusable: country not two capital letters, empty value, over its RFC 5280 length (CN 64), control characters, bad email, no field at all',
  ),
  ERR_SAN_INVALID: error(
    2,
    'a SAN with an unknown kind (expected `dns`, `ip`, `email`, `uri`) or a malformed value; `field` is e.g. `--san[2]`',
  ),
  ERR_CERT_INVALID: error(3, 'not an X.509 certificate'),
  ERR_VALIDITY_INVALID: error(
    2,
    'days below 1, notAfter not after notBefore, a date past 9999, or an issuer that expires before the certificate would start',
  ),
  ERR_CA_INVALID: error(
    3,
    'the issuer is not a CA (no CA:TRUE or no keyCertSign), or a lab CA directory lacks `root.crt`/`root.key` or has a certificate without its key',
  ),
  ERR_SERVER_SET_NO_LEAF: error(3, '`import`: every input certificate is a CA; the server certificate is missing'),
  ERR_SERVER_SET_AMBIGUOUS_LEAF: error(
    3,
    "`import`: several server (non-CA) certificates; give `--key` to pick the one that belongs to the server's key, or, when they share the key (a renewal), give only the one to install",
  ),
  ERR_SERVER_SET_NO_ROOT: error(3, "`import`: no self-signed root CA among the inputs; add the CA's root certificate"),
  ERR_SERVER_SET_AMBIGUOUS_ROOT: error(
    3,
    '`import`: two or more roots anchor a valid chain (cross-signing); give only the root the devices trust',
  ),
  ERR_SERVER_SET_SEVERAL_KEYS: error(
    3,
    '`import`, `convert --key-out`, `install --key`: the inputs hold more than one private key (two keys in a `.pfx`, or a `.pfx` with a key beside `--key`); give one key only',
  ),
  ERR_SERVER_SET_TOO_MANY_INTERMEDIATES: error(
    3,
    '`import`: the chain has more than two intermediates; the OVOC server directory holds `ca1.crt` and `ca2.crt` only',
  ),
} as const;

/** Warnings: stderr and the warnings array of --json output; never the exit code. */
import { warning } from './entry.js';

export const WARNINGS_CODES = {
  WARN_KEY_UNENCRYPTED: warning('`--no-encrypt`: the key was written without a passphrase'),
  WARN_ALLOW_WEAK: warning(
    '`--allow-weak`: MD5/SHA-1 signatures and RSA keys below 2048 bits were accepted in validation',
  ),
  WARN_IMPORT_IGNORED: warning(
    '`import`: an input certificate is on no path from the server certificate to the root and was not written',
  ),
  WARN_EXPIRES_SOON: warning('`verify`: a certificate of the set expires within `--warn-days`'),
  WARN_VERIFY_KEY_NOT_CHECKED: warning(
    '`verify`: no `--key` was given and the directory holds no `server.key`, so the key was not checked against `server.crt`',
  ),
  WARN_VERIFY_HOSTNAME_MODE_NO_FQDN: warning(
    '`verify --device-mode hostname`, workflow `verify.device_mode: hostname`: the guidelines\' "Hostname Based" SBC device communication needs the server\'s FQDN in its certificate, and `server.crt` has no DNS name covering `--host` (or `--host` is missing or an IP address)',
  ),
  WARN_REVOCATION_FETCH: warning(
    '`chain verify`/`verify --fetch-revocation`: a CRL or OCSP location was skipped (`ldap://`) or could not be fetched (timeout, HTTP status, size cap, network error); the message names it',
  ),
  WARN_OCSP_STAPLE_UNUSABLE: warning(
    '`verify --connect --revocation soft-fail`: the server stapled an OCSP response that cannot be relied on (out of date, status unknown, badly signed); accepted as soft-fail says',
  ),
  WARN_INSTALL_EXPIRES_SOON: warning('`install`: a certificate of the installed set expires within 30 days'),
  WARN_SSH_HOST_KEY_UNCHECKED: warning(
    "`rotate --insecure-skip-host-key-check`: the nodes' SSH host keys are not verified",
  ),
  WARN_PKCS12_LEGACY_ENCRYPTION: warning(
    '`inspect`: the PKCS#12 file is protected with legacy RC2 or RC4 (`openssl pkcs12 -legacy`, old Windows exports); it was read, but the encryption is broken — re-encrypt it with `convert --to p12`',
  ),
  WARN_PKCS12_NO_MAC: warning(
    '`inspect`: the PKCS#12 file has no integrity MAC, so nothing proves it unaltered (OpenSSL `-nomac` also leaves its certificates unencrypted)',
  ),
  WARN_FORMAT_CERTIFICATES_LEFT_OUT: warning(
    "`convert --to p12/jks`: input certificates that are not in the key's chain were left out of the keystore",
  ),
  WARN_FORMAT_KEYS_NOT_CONVERTED: warning(
    '`convert`: the input also held a private key; only certificates were written',
  ),
  WARN_TRUSTSTORE_DEVICE_LIMIT: warning(
    '`truststore create`: more than 150 certificates; a device TLS context holds about 150 trusted roots',
  ),
  WARN_KEY_LEGACY_ENCRYPTION: warning(
    'the key is legacy `Proc-Type: 4,ENCRYPTED` PEM, whose key derivation is one round of MD5; re-encrypt it as PKCS#8',
  ),
  WARN_VALIDITY_CLAMPED: warning("the certificate's notAfter was cut back to the issuer's notAfter"),
  WARN_KEY_USAGE_DROPPED: warning('the CSR asked for keyCertSign or cRLSign, which a leaf certificate does not get'),
  WARN_TLS_VERIFY_SKIPPED: warning(
    '`device enroll`, `device push`, `device status` with `--insecure-skip-tls-verify`: device certificates are not verified',
  ),
  WARN_PLAIN_HTTP: warning(
    '`device enroll`, `device push`, `device status` with `--allow-http`: device credentials may cross the network in clear',
  ),
  WARN_PLAINTEXT_PASSWORDS: warning(
    '`device push`, `device status`: the inventory holds device passwords in clear (`--allow-plaintext-passwords`)',
  ),
  WARN_RESET_ALLOWED: warning('`device push --allow-reset`: devices may be reset, which drops their calls'),
  WARN_DEVICE_URL_LENGTH: warning(
    "`device provision --serve`: a device's URLs are longer than the 99 characters older MP-1xx firmware takes",
  ),
  WARN_WEAK_BOARD_KEY: warning(
    "`device push --allow-weak-board-key`: an RSA key below 2048 bits or a SHA-1 signature was accepted (OVOC's default board files); such a key can be broken and such a signature forged",
  ),
  WARN_DEVICE_OVOC_UNCHECKED: warning(
    "`device push` without `--ovoc-cert`/`--ovoc-url`: whether OVOC's certificate chains to `--root` was not checked, and with `AUPDVerifyCertificates = 1` a device refuses OVOC unless it does",
  ),
} as const;

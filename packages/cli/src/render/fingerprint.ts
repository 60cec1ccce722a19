/**
 * The one way the CLI's text output shows a SHA-256 fingerprint (core's, which the device client's
 * summaries use too): colon-separated upper-case hex, as `inspect`, `convert`, `truststore list`
 * and OpenSSL print it. JSON fields keep the form they documented.
 */
export { fingerprintText } from '@certwright/core';

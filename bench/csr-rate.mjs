import { sign } from 'node:crypto';
import { createCsr, generateKey } from '@certwright/core';
import { ratePerSecond } from './timing.mjs';

const REQUEST = {
  subject: { cn: 'ovoc.example.com', o: 'Example Corp', c: 'US' },
  sans: [
    { type: 'dns', value: 'ovoc.example.com' },
    { type: 'ip', value: '192.0.2.10' },
  ],
};

/**
 * CSRs per second from core's createCsr with one P-256 key, and the floor under it: node:crypto
 * signing the same to-be-signed bytes in a plain loop (no ASN.1, no WebCrypto, no parsing).
 */
export async function measureCsrRate(seconds) {
  const key = await generateKey({ type: 'ec', curve: 'P-256' });
  const create = () => createCsr({ key, ...REQUEST });
  await ratePerSecond(create, Math.min(0.5, seconds / 4));
  const ours = await ratePerSecond(create, seconds);
  const toBeSigned = requestInfo((await create()).der);
  const signOnce = () => sign('sha256', toBeSigned, key.keyObject);
  await ratePerSecond(signOnce, Math.min(0.5, seconds / 4));
  const reference = await ratePerSecond(signOnce, seconds);
  return { ours, reference };
}

/** The CertificationRequestInfo: the first element of the CSR's outer SEQUENCE, header included. */
function requestInfo(der) {
  const contentStart = (offset) => {
    const first = der[offset + 1];
    return offset + 2 + (first >= 0x80 ? first & 0x7f : 0);
  };
  const start = contentStart(0);
  const bodyStart = contentStart(start);
  let length = der[start + 1];
  if (length >= 0x80) {
    length = 0;
    for (let i = start + 2; i < bodyStart; i++) length = length * 256 + der[i];
  }
  return der.subarray(start, bodyStart + length);
}

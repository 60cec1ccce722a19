// The form a private key travels in to a device. The 7.4 Private Key page's example is PKCS#1
// (`BEGIN RSA PRIVATE KEY`), and whether devices take PKCS#8 is not documented: the traditional forms
// (PKCS#1 for RSA, SEC1 for EC) are what every firmware reads. Exported with Node's crypto (core writes PKCS#8).
import type { PrivateKey } from '@certwright/core';
import { DeviceError } from '../client/errors.js';

/** Unencrypted PEM: `BEGIN RSA PRIVATE KEY` or `BEGIN EC PRIVATE KEY`. Other key types are refused. */
export function traditionalKeyPem(key: PrivateKey, field = 'key'): string {
  const type = key.keyObject.asymmetricKeyType;
  if (type === 'rsa') return key.keyObject.export({ type: 'pkcs1', format: 'pem' }).toString();
  if (type === 'ec') return key.keyObject.export({ type: 'sec1', format: 'pem' }).toString();
  throw new DeviceError('ERR_DEVICE_PREFLIGHT', `a ${type} key: devices take RSA or EC keys only`, {
    device: 'pre-flight',
    field,
  });
}

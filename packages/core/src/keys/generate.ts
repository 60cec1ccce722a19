import { generateKeyPair, type KeyObject } from 'node:crypto';
import { InvalidArgumentError } from '../errors.js';
import { describeKeyObject } from './describe.js';
import type { KeySpec, PrivateKey } from './types.js';

const RSA_BITS = [2048, 3072, 4096];
const EC_CURVES: Record<string, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };

/**
 * Generates a private key with the platform's native crypto (OpenSSL under Node), off the main thread.
 *
 * @example
 * const key = await generateKey({ type: 'ec', curve: 'P-256' });
 */
export async function generateKey(spec: KeySpec): Promise<PrivateKey> {
  const privateKey = await generateNative(spec);
  return { keyObject: privateKey, description: describeKeyObject(privateKey) };
}

function generateNative(spec: KeySpec): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, _publicKey: KeyObject, privateKey: KeyObject) =>
      error ? reject(error) : resolve(privateKey);
    switch (spec.type) {
      case 'rsa':
        if (!RSA_BITS.includes(spec.bits)) {
          throw new InvalidArgumentError(`RSA key size must be 2048, 3072 or 4096, not ${spec.bits}`, {
            field: 'bits',
          });
        }
        generateKeyPair('rsa', { modulusLength: spec.bits, publicExponent: 0x10001 }, done);
        return;
      case 'ec': {
        const curve = EC_CURVES[spec.curve];
        if (!curve) {
          throw new InvalidArgumentError(`EC curve must be P-256, P-384 or P-521, not ${spec.curve}`, {
            field: 'curve',
          });
        }
        generateKeyPair('ec', { namedCurve: curve }, done);
        return;
      }
      case 'ed25519':
        generateKeyPair('ed25519', {}, done);
        return;
      default:
        throw new InvalidArgumentError(`key type must be rsa, ec or ed25519`, { field: 'type' });
    }
  });
}

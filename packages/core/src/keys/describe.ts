import type { KeyObject } from 'node:crypto';
import { KeyError } from '../errors.js';
import type { KeyDescription } from './types.js';

const CURVE_NAMES: Record<string, { name: string; bits: number }> = {
  prime256v1: { name: 'P-256', bits: 256 },
  secp384r1: { name: 'P-384', bits: 384 },
  secp521r1: { name: 'P-521', bits: 521 },
};

/** Type, size and curve of a Node key object (private or public). */
export function describeKeyObject(key: KeyObject): KeyDescription {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
    case 'dsa':
      return { type: key.asymmetricKeyType, bits: details.modulusLength ?? 0 };
    case 'ec': {
      const curve = CURVE_NAMES[details.namedCurve ?? ''];
      if (!curve) {
        throw new KeyError('ERR_KEY_UNSUPPORTED', `EC curve ${details.namedCurve ?? 'unknown'} is not supported`);
      }
      return { type: 'ec', bits: curve.bits, curve: curve.name };
    }
    case 'ed25519':
      return { type: 'ed25519', bits: 256 };
    case 'ed448':
      return { type: 'ed448', bits: 456 };
    default:
      throw new KeyError('ERR_KEY_UNSUPPORTED', `key type ${key.asymmetricKeyType ?? 'unknown'} is not supported`);
  }
}

/** A short human label: `RSA 3072`, `EC P-256`, `Ed25519`. */
export function keyLabel(description: KeyDescription): string {
  switch (description.type) {
    case 'ec':
      return `EC ${description.curve}`;
    case 'ed25519':
      return 'Ed25519';
    case 'ed448':
      return 'Ed448';
    case 'rsa-pss':
      return `RSA-PSS ${description.bits}`;
    default:
      return `${description.type.toUpperCase()} ${description.bits}`;
  }
}

import { keySpecOf } from '@certwright/deploy';
import type { EcCurve, KeySpec, RsaBits } from '@certwright/core';
import { usageError } from '../../errors.js';

/** The key flags shared by `key create` and `ca init`. */
export interface KeyFlags {
  type: 'rsa' | 'ec' | 'ed25519';
  bits: RsaBits | undefined;
  curve: EcCurve | undefined;
}

/** The key spec the flags ask for; --bits belongs to RSA and --curve to EC. */
export function keySpecFrom(options: KeyFlags): KeySpec {
  if (options.type !== 'rsa' && options.bits !== undefined)
    throw usageError('--bits applies only to --type rsa', 'bits');
  if (options.type !== 'ec' && options.curve !== undefined)
    throw usageError('--curve applies only to --type ec', 'curve');
  return keySpecOf(options);
}

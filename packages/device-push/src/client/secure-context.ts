import { createSecureContext, type SecureContext } from 'node:tls';
import type { ClientIdentity } from './tls-trust.js';

/**
 * One TLS SecureContext per (CA bundle, client identity), shared by every connection that uses
 * them: building a context parses the CA bundle and the key, which otherwise dominated the CPU time of
 * a fleet run (a context per connection). Contexts hold no per-connection state.
 */
const withoutIdentity = new Map<string, SecureContext>();
const byIdentity = new WeakMap<ClientIdentity, Map<string, SecureContext>>();

export function secureContextFor(caPem: string | undefined, identity: ClientIdentity | undefined): SecureContext {
  let contexts = withoutIdentity;
  if (identity !== undefined) {
    contexts = byIdentity.get(identity) ?? new Map();
    byIdentity.set(identity, contexts);
  }
  const key = caPem ?? '';
  let context = contexts.get(key);
  if (context === undefined) {
    context = createSecureContext({
      ...(caPem === undefined ? {} : { ca: caPem }),
      ...(identity === undefined ? {} : { cert: identity.certificatePem, key: identity.keyPem }),
    });
    // A handful of CA bundles per process; never grows with the fleet.
    if (contexts.size > 16) contexts.clear();
    contexts.set(key, context);
  }
  return context;
}

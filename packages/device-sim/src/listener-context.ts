// The secure context a device's listener serves. Building one parses its key and certificate (about 2 ms
// with OpenSSL 3 for an RSA-2048 pair), and every push changes the served pair of every device: a fleet of
// 1,000 devices that all get the same board files paid that 1,000 times. One context per distinct set of
// options, shared by every listener that serves it, is the simulator's own saving — a device still serves
// exactly its own pair. Sharing also shares session tickets between devices that serve the same pair: a
// client could resume with one device a session begun with another, which a real device would refuse
// (docs/device-simulator.md, "Cost"; Certwright's client offers a session only to the device it came from).
import { createSecureContext, type SecureContext, type Server } from 'node:tls';
import type { ListenerTlsOptions } from './tls-versions.js';

/** What one listener serves: its pair, the roots a client certificate must chain to, and its TLS versions. */
export interface ListenerContextOptions extends ListenerTlsOptions {
  key: string;
  cert: string;
  ca?: string[] | undefined;
}

/** Enough for every distinct pair a test or a bench runs with; the oldest goes first. */
const LIMIT = 256;
const contexts = new Map<string, SecureContext>();

/** The shared context for these options, built on first use. Throws as createSecureContext does. */
export function listenerSecureContext(options: ListenerContextOptions): SecureContext {
  const key = JSON.stringify([
    options.key,
    options.cert,
    options.ca ?? null,
    options.minVersion ?? null,
    options.maxVersion ?? null,
    options.secureOptions ?? null,
    options.ciphers ?? null,
  ]);
  let context = contexts.get(key);
  if (context === undefined) {
    context = createSecureContext({
      ...options,
      // What tls.Server sets for its own contexts: the server's cipher order, and a session id context
      // (OpenSSL refuses to resume a session without one when client certificates are requested).
      honorCipherOrder: true,
      sessionIdContext: 'certwright-device-sim',
    });
    if (contexts.size >= LIMIT) contexts.delete(contexts.keys().next().value as string);
    contexts.set(key, context);
  }
  return context;
}

/**
 * Makes the listener serve these options to new connections (open ones keep theirs). Node's tls.Server
 * takes new connections' context from its `_sharedCreds` field, which setSecureContext would rebuild
 * from the options each time; the shared context goes there instead. Should a Node version lack the
 * field, setSecureContext does the same work the slow way.
 */
export function serveListenerContext(server: Server, options: ListenerContextOptions): void {
  const holder = server as unknown as { _sharedCreds?: SecureContext };
  if (!('_sharedCreds' in holder)) {
    server.setSecureContext(options);
    return;
  }
  holder._sharedCreds = listenerSecureContext(options);
}

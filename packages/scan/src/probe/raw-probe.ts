import type { EndpointTarget } from '../targets/types.js';
import { clientHelloRecord } from '../tls/client-hello.js';
import { type ServerFlight, ServerFlightReader } from '../tls/server-flight.js';
import { openTlsStream } from '../transport/open-tls-stream.js';

/** What the raw probe saw: the server's flight, or how the connection ended without one. */
export interface RawProbeResult {
  flight: ServerFlight;
  /** Why reading stopped before the wanted message: `closed`, `timeout` or a parse problem. */
  ended?: string;
}

/** The raw probe's settings. */
export interface RawProbeOptions {
  version: number;
  suites: readonly number[];
  servername?: string | undefined;
  /** `hello`: stop at the ServerHello (suite probing); `flight`: read up to ServerHelloDone. */
  until: 'hello' | 'flight';
  timeoutMs: number;
}

/**
 * Sends a hand-written ClientHello and reads the server's answer without finishing the handshake,
 * as testssl.sh and sslyze do: it can ask for suites OpenSSL 3 cannot offer, and it sees the
 * Certificate and CertificateRequest messages that TLS 1.0–1.2 send in the clear.
 */
export async function rawProbe(
  target: Pick<EndpointTarget, 'host' | 'port' | 'protocol'>,
  options: RawProbeOptions,
): Promise<RawProbeResult> {
  const opened = await openTlsStream(target, options.timeoutMs);
  const reader = new ServerFlightReader();
  return new Promise((resolve) => {
    let over = false;
    const finish = (ended?: string) => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      opened.stream.destroy();
      opened.socket.destroy();
      resolve(ended === undefined ? { flight: reader.flight } : { flight: reader.flight, ended });
    };
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs);
    opened.stream.on('data', (chunk: Buffer) => {
      let flight: ServerFlight;
      try {
        flight = reader.feed(chunk);
      } catch (error) {
        finish((error as Error).message);
        return;
      }
      if (flight.alert !== undefined) finish();
      else if (options.until === 'hello' && flight.serverHello !== undefined) finish();
      else if (flight.done) finish();
    });
    opened.stream.once('end', () => finish('closed'));
    opened.stream.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
    opened.stream.write(
      clientHelloRecord({ version: options.version, suites: options.suites, servername: options.servername }),
    );
    opened.stream.resume();
  });
}

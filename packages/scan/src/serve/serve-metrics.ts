import { createServer, type Server } from 'node:http';
import { InvalidArgumentError } from '@certwright/core';
import { ScanError } from '../errors.js';
import { prometheusRegistry } from '../render/prometheus.js';
import type { ScanReport } from '../report/types.js';

/** Where the metrics endpoint listens. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** `127.0.0.1:9310`, `[::1]:9310`, `:9310` (all interfaces). @throws InvalidArgumentError. */
export function parseListen(text: string): ListenAddress {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]*)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new InvalidArgumentError(`--listen "${text}": expected host:port, e.g. 127.0.0.1:9310`, { field: 'listen' });
  }
  const host = match[1] ?? match[2] ?? '';
  return { host: host === '' ? '0.0.0.0' : host, port };
}

/** The metrics endpoint's settings. */
export interface ServeMetricsOptions {
  listen: ListenAddress;
  /** Time from the end of one scan to the start of the next. */
  intervalMs: number;
  /** Runs one scan (the caller's targets and options). */
  runScan: () => Promise<ScanReport>;
  /** Told after each scan, with the report or the error that stopped it. */
  onScan?: (outcome: { report?: ScanReport; error?: unknown }) => void;
}

/** A running metrics endpoint. */
export interface MetricsServer {
  /** The address it listens on (the real port when 0 was asked for). */
  address: ListenAddress;
  /** Resolves once the first scan has finished (or failed). */
  firstScan: Promise<void>;
  /** Stops scanning and listening; a scan in progress finishes first. */
  close(): Promise<void>;
}

/**
 * Scans now and every `intervalMs` after each scan ends, and serves the latest scan's metrics on
 * `GET /metrics` (Prometheus text format). Until the first scan ends, `/metrics` answers 503.
 * @throws ScanError ERR_NETWORK_LISTEN when the address cannot be listened on.
 */
export async function serveMetrics(options: ServeMetricsOptions): Promise<MetricsServer> {
  let latest: { body: string; contentType: string } | undefined;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics') {
      if (latest === undefined)
        response.writeHead(503, { 'content-type': 'text/plain' }).end('the first scan is still running\n');
      else
        response
          .writeHead(200, { 'content-type': latest.contentType })
          .end(request.method === 'HEAD' ? undefined : latest.body);
    } else if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('certwright scan: metrics at /metrics\n');
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  const address = await listen(server, options.listen);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const runOnce = async () => {
    try {
      const report = await options.runScan();
      const registry = prometheusRegistry(report);
      latest = { body: await registry.metrics(), contentType: registry.contentType };
      options.onScan?.({ report });
    } catch (error) {
      options.onScan?.({ error });
    }
    if (!stopped) timer = setTimeout(() => (running = runOnce()), options.intervalMs);
  };
  running = runOnce();
  const firstScan = running;
  return {
    address,
    firstScan,
    async close() {
      stopped = true;
      clearTimeout(timer);
      await running;
      clearTimeout(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, address: ListenAddress): Promise<ListenAddress> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new ScanError(
          'ERR_NETWORK_LISTEN',
          `--listen ${address.host}:${address.port}: cannot listen (${error.code ?? error.message})`,
          { field: 'listen' },
          { cause: error },
        ),
      );
    });
    server.listen(address.port, address.host, () => {
      const bound = server.address();
      resolve({ host: address.host, port: typeof bound === 'object' && bound !== null ? bound.port : address.port });
    });
  });
}

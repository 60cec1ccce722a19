import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Mp1xxBoardFiles, Mp1xxFileRole } from './board-files.js';
import { MP1XX_FILE_NAMES } from './board-files.js';
import { ProvisionError } from './errors.js';
import { HttpAuthenticator, type ProvisionCredentials } from './http-auth.js';
import { canonicalAddress, type ProvisionTarget } from './targets.js';

/** What the short-lived provisioning endpoint serves, to whom, and where. */
export interface ProvisionServerOptions {
  targets: readonly ProvisionTarget[];
  board: Mp1xxBoardFiles;
  /** The endpoint's own TLS identity (PEM). Devices with AUPDVerifyCertificates = 1 check it against their roots. */
  tls: { certificatePem: string; keyPem: string };
  credentials: ProvisionCredentials;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The host name or address devices put in their URLs (default `host`); needed when listening on all interfaces. */
  publicHost?: string;
  now?: () => Date;
}

/** Which files one device fetched, and when (ISO 8601). */
export interface DeviceFetchReport {
  name: string;
  complete: boolean;
  fetched: Partial<Record<Mp1xxFileRole, string>>;
  completedAt?: string;
}

/** A request the endpoint turned away: unlisted address (403), bad credentials (401), unknown path (404). */
export interface RefusedRequest {
  address: string;
  status: number;
  at: string;
}

/** The run's outcome: every device fetched everything, the timeout passed first, or it was stopped. */
export interface ProvisionReport {
  outcome: 'complete' | 'timeout' | 'stopped';
  url: string;
  startedAt: string;
  endedAt?: string;
  devices: DeviceFetchReport[];
  refused: RefusedRequest[];
}

/** A running provisioning endpoint. */
export interface ProvisionServer {
  /** `https://host:port` as devices reach it. */
  url: string;
  /** The IniFileURL to configure on one device. */
  iniUrl(deviceName: string): string;
  /** Every URL one device uses (IniFileURL and the three TLS*FileUrl): older firmware takes 99 characters at most. */
  urls(deviceName: string): string[];
  /** Resolves when every device fetched all its files, or after `timeoutMs`, and closes the endpoint. */
  wait(timeoutMs: number): Promise<ProvisionReport>;
  /** The report so far. */
  report(): ProvisionReport;
  close(): Promise<void>;
}

interface Route {
  name: string;
  role: Mp1xxFileRole;
}

interface Refusal {
  status: number;
  headers?: Record<string, string | string[]>;
}

const ROLES = Object.keys(MP1XX_FILE_NAMES) as Mp1xxFileRole[];
// Enough to show a scan or a misconfigured device without letting a flood grow memory.
const MAX_REFUSED_KEPT = 100;
const REALM = 'certwright-provisioning';

/**
 * Starts the HTTPS provisioning endpoint for MP-1xx Automatic Update. Each device has its own path
 * (`/mp1xx/<name>/…`) so the report can say who fetched what; requests from addresses not in the
 * inventory get 403 before any credential check; the private key is served encrypted and its
 * passphrase only inside the authenticated ini.
 */
export async function startProvisionServer(options: ProvisionServerOptions): Promise<ProvisionServer> {
  const now = options.now ?? (() => new Date());
  const auth = new HttpAuthenticator(options.credentials, REALM, () => now().getTime());
  const state = new FetchState(options.targets, now);
  // The files are made for this run: dated now (to the second, as HTTP dates are). A device loads only an
  // ini more recently dated than the one it has (MediaPack manuals), so it asks with If-Modified-Since.
  const lastModified = new Date(Math.floor(now().getTime() / 1000) * 1000);
  const server = createServer(
    { cert: options.tls.certificatePem, key: options.tls.keyPem, minVersion: 'TLSv1.2' },
    (request, response) => handle(request, response),
  );
  const port = await listen(server, options.host, options.port);
  const url = `https://${urlHost(options.publicHost ?? options.host)}:${port}`;
  const pathOf = (name: string, role: Mp1xxFileRole) => `/mp1xx/${pathSegment(name)}/${MP1XX_FILE_NAMES[role]}`;
  const inis = new Map(
    options.targets.map((target) => [
      target.name,
      options.board.iniWithUrls({
        certificate: `${url}${pathOf(target.name, 'certificate')}`,
        privateKey: `${url}${pathOf(target.name, 'privateKey')}`,
        root: `${url}${pathOf(target.name, 'root')}`,
      }),
    ]),
  );
  const routes = new Map<string, Route>();
  for (const target of options.targets) {
    for (const role of ROLES) routes.set(pathOf(target.name, role), { name: target.name, role });
  }
  const allowed = new Set(options.targets.flatMap((target) => target.addresses.map(canonicalAddress)));

  /** The route a request may have, or why it is refused. */
  function decide(request: IncomingMessage, address: string): Route | Refusal {
    if (!allowed.has(address)) return { status: 403 };
    const uri = request.url ?? '/';
    if (!auth.verify(request.headers.authorization, request.method ?? '', uri)) {
      return { status: 401, headers: { 'WWW-Authenticate': auth.challenges() } };
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return { status: 405, headers: { Allow: 'GET, HEAD' } };
    const route = routes.get(new URL(uri, 'https://device.invalid').pathname);
    if (route === undefined) return { status: 404 };
    // A listed device may fetch only its own files: the report names who fetched what.
    return state.addressBelongsTo(route.name, address) ? route : { status: 403 };
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const address = canonicalAddress(request.socket.remoteAddress ?? '');
    const decision = decide(request, address);
    if ('status' in decision) {
      state.refused(address, decision.status);
      response.writeHead(decision.status, {
        'Content-Type': 'text/plain',
        'Cache-Control': 'no-store',
        ...decision.headers,
      });
      response.end(`${decision.status}\n`);
      return;
    }
    const since = Date.parse(String(request.headers['if-modified-since'] ?? ''));
    if (Number.isFinite(since) && since >= lastModified.getTime()) {
      // The device has this run's file already: nothing to send, nothing counted as fetched.
      response.writeHead(304, { 'Last-Modified': lastModified.toUTCString(), 'Cache-Control': 'no-store' });
      response.end();
      return;
    }
    const body = decision.role === 'ini' ? (inis.get(decision.name) as string) : fileData(options.board, decision.role);
    // Only a completed GET counts as a fetch; a HEAD carries no file.
    if (request.method === 'GET') response.on('finish', () => state.fetched(decision.name, decision.role));
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': Buffer.byteLength(body),
      'Last-Modified': lastModified.toUTCString(),
      'Cache-Control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return {
    url,
    iniUrl: (name) => `${url}${pathOf(name, 'ini')}`,
    urls: (name) => ROLES.map((role) => `${url}${pathOf(name, role)}`),
    report: () => state.report(url, 'stopped'),
    async wait(timeoutMs) {
      const outcome = await state.waitForAll(timeoutMs);
      await close();
      return state.report(url, outcome, now().toISOString());
    },
    close,
  };
}

/** Who fetched what, and a waiter for "everyone has everything". */
class FetchState {
  private readonly startedAt: string;
  private readonly devices: Map<string, { addresses: Set<string>; fetched: DeviceFetchReport['fetched'] }>;
  private readonly refusals: RefusedRequest[] = [];
  private onComplete: (() => void) | undefined;

  constructor(
    targets: readonly ProvisionTarget[],
    private readonly now: () => Date,
  ) {
    this.startedAt = now().toISOString();
    this.devices = new Map(
      targets.map((target) => [
        target.name,
        { addresses: new Set(target.addresses.map(canonicalAddress)), fetched: {} },
      ]),
    );
  }

  addressBelongsTo(name: string, address: string): boolean {
    return this.devices.get(name)?.addresses.has(address) === true;
  }

  fetched(name: string, role: Mp1xxFileRole): void {
    const device = this.devices.get(name);
    if (device === undefined || device.fetched[role] !== undefined) return;
    device.fetched[role] = this.now().toISOString();
    if (this.allComplete()) this.onComplete?.();
  }

  refused(address: string, status: number): void {
    if (this.refusals.length < MAX_REFUSED_KEPT) this.refusals.push({ address, status, at: this.now().toISOString() });
  }

  waitForAll(timeoutMs: number): Promise<'complete' | 'timeout'> {
    if (this.allComplete()) return Promise.resolve('complete');
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      this.onComplete = () => {
        clearTimeout(timer);
        resolve('complete');
      };
    });
  }

  report(url: string, outcome: ProvisionReport['outcome'], endedAt?: string): ProvisionReport {
    return {
      outcome,
      url,
      startedAt: this.startedAt,
      ...(endedAt === undefined ? {} : { endedAt }),
      devices: [...this.devices].map(([name, device]) => deviceReport(name, device.fetched)),
      refused: [...this.refusals],
    };
  }

  private allComplete(): boolean {
    return [...this.devices.values()].every((device) => ROLES.every((role) => device.fetched[role] !== undefined));
  }
}

function deviceReport(name: string, fetched: DeviceFetchReport['fetched']): DeviceFetchReport {
  const complete = ROLES.every((role) => fetched[role] !== undefined);
  const times = ROLES.map((role) => fetched[role] as string).sort();
  return { name, complete, fetched: { ...fetched }, ...(complete ? { completedAt: times[times.length - 1] } : {}) };
}

function fileData(board: Mp1xxBoardFiles, role: Exclude<Mp1xxFileRole, 'ini'>): string {
  return (board.files.find((file) => file.role === role) as { data: string }).data;
}

// The ini quotes URLs with single quotes, which encodeURIComponent leaves alone.
function pathSegment(name: string): string {
  return encodeURIComponent(name).replace(/'/g, '%27');
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (cause: NodeJS.ErrnoException) =>
      reject(
        new ProvisionError(
          'ERR_NETWORK_LISTEN',
          `cannot listen on ${urlHost(host)}:${port} (${cause.code ?? 'error'})`,
          'listen',
          { cause },
        ),
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

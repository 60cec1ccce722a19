// One simulated device: its HTTPS listener (secured by TLS context 0), the fault pipeline in front of the
// REST API, reset and power loss (unreachable for a while, then back on the saved configuration).
import { X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server, type ServerOptions } from 'node:https';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiRequest, DeviceControl } from './api-request.js';
import type { UserStore } from './auth.js';
import { AutoUpdater } from './auto-update.js';
import { cloneConfiguration } from './configuration.js';
import type { DeviceModel, ServedPair } from './device-model.js';
import type { FaultPlan } from './faults.js';
import { describe, HA_SYNC_DESCRIPTION, type Reply } from './reply.js';
import { handleApiRequest } from './rest-api.js';
import { type ListenerContextOptions, serveListenerContext } from './listener-context.js';
import { serialNumber } from './serial-number.js';
import type { DeviceStateStore } from './state-store.js';
import { type ListenerTlsOptions, listenerTlsOptions } from './tls-versions.js';
import { Units } from './unit-pair.js';
import type {
  AutoUpdateResult,
  AutoUpdateSettings,
  DeviceProfile,
  DeviceStateSnapshot,
  FaultSettings,
  OpenItemSettings,
  FirmwareName,
  SimulatedDevice,
  TlsVersion,
} from './types.js';

/** Uploads larger than this are refused with 413 (150 roots are ~300 KB). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const API_PREFIX = '/api/v1';

export interface DeviceParts {
  index: number;
  host: '127.0.0.1' | '::1';
  /** One unit, or two for an HA pair (the first starts active). */
  units: DeviceModel[];
  /** How long an HA pair takes to copy a save to its redundant unit. */
  haSyncMs: number;
  firmware: FirmwareName;
  versionId: string;
  /** The device's clock runs this far ahead of the host's. */
  clockOffsetMs: number;
  users: UserStore;
  faults: FaultPlan;
  haSynchronizing: boolean;
  /** The versions the listener accepts; undefined: Node's defaults. */
  tlsVersions?: readonly TlsVersion[] | undefined;
  store: DeviceStateStore | undefined;
}

export class Device implements SimulatedDevice, DeviceControl {
  readonly name: string;
  readonly host: string;
  port = 0;
  readonly profile: DeviceProfile;
  readonly serialNumber: string;
  readonly macAddress: string;
  readonly versionId: string;
  /** Set by setHaSynchronizing / --ha-sync; an HA pair also synchronises after each save and reset. */
  private manualSync: boolean;
  private readonly units: Units;
  private upSince = Date.now();
  clientCertificatesRequired = false;
  private server: Server | undefined;
  private listenerCa: string[] | undefined;
  private readonly sockets = new Set<Socket>();
  private reachable = false;
  private resets = 0;
  private resetting: Promise<void> | undefined;
  private closed = false;
  /** Aborts every wait (reset downtime, latency) when the simulator closes. */
  private readonly closing = new AbortController();
  private fingerprint: { pem: string; hex: string } | undefined;
  private readonly autoUpdate: AutoUpdater;
  private readonly tlsOptions: ListenerTlsOptions;

  constructor(private readonly parts: DeviceParts) {
    const [first] = parts.units;
    if (!first) throw new RangeError('a device needs a unit');
    this.name = first.name;
    this.profile = first.profile;
    this.host = parts.host;
    this.manualSync = parts.haSynchronizing;
    this.serialNumber = serialNumber(parts.index);
    this.versionId = parts.versionId;
    this.tlsOptions = listenerTlsOptions(parts.tlsVersions);
    this.macAddress = `00:90:8f:${[16, 8, 0].map((shift) => ((parts.index >> shift) & 0xff).toString(16).padStart(2, '0')).join(':')}`;
    this.units = new Units(parts.units, parts.haSyncMs, () => void this.persist());
    for (const unit of parts.units) {
      // Only the active unit's pair is on the listener.
      unit.onServedChange = (pair) => {
        if (unit === this.model) this.switchCertificate(pair);
      };
    }
    this.autoUpdate = new AutoUpdater(
      () => this.model,
      () => this.persist(),
      () => void this.reset(false),
    );
  }

  /** The active unit: what the REST API reads and changes. */
  get model(): DeviceModel {
    return this.units.active;
  }

  get haPair(): boolean {
    return this.units.isPair;
  }

  get haSynchronizing(): boolean {
    return this.manualSync || this.units.synchronizing;
  }

  now(): Date {
    return new Date(Date.now() + this.parts.clockOffsetMs);
  }

  upTimeSeconds(): number {
    return Math.floor((Date.now() - this.upSince) / 1000);
  }

  get url(): string {
    return `https://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  /** Starts listening on `port` (0: a free one, kept across resets). */
  async start(port: number): Promise<void> {
    await this.listen(port);
    this.reachable = true;
    await this.persist();
  }

  servedFingerprint(): string {
    const pem = this.model.served.certificatePem;
    if (this.fingerprint?.pem !== pem) {
      const hex = new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase();
      this.fingerprint = { pem, hex };
    }
    return this.fingerprint.hex;
  }

  state(): DeviceStateSnapshot {
    const standby = this.units.standby;
    return {
      name: this.name,
      profile: this.profile,
      firmware: this.parts.firmware,
      running: cloneConfiguration(this.model.running),
      saved: cloneConfiguration(this.model.saved),
      saveNeeded: this.model.saveNeeded,
      reachable: this.reachable,
      resets: this.resets,
      lockedUsers: this.parts.users.lockedUsers(),
      ...(standby === undefined
        ? {}
        : {
            ha: {
              activeUnit: this.units.activeUnit,
              standby: { running: cloneConfiguration(standby.running), saved: cloneConfiguration(standby.saved) },
            },
          }),
    };
  }

  setFaults(faults: FaultSettings): void {
    this.parts.faults.set(faults);
  }

  setHaSynchronizing(on: boolean): void {
    this.manualSync = on;
  }

  setOpenItems(items: Partial<OpenItemSettings>): void {
    for (const unit of this.parts.units) unit.openItems = { ...unit.openItems, ...items };
  }

  configureAutoUpdate(settings: AutoUpdateSettings): void {
    this.requireMp1xx();
    this.autoUpdate.configure(settings);
  }

  pollNow(): Promise<AutoUpdateResult> {
    this.requireMp1xx();
    return this.autoUpdate.poll();
  }

  private requireMp1xx(): void {
    if (this.profile !== 'mp1xx') throw new Error(`${this.name}: Automatic Update is simulated for mp1xx devices only`);
  }

  /** Resets the device once the current answer is out; what `POST actions/reset` and a full ini ask for. */
  resetAfterReply(save: boolean): () => void {
    return () => void this.reset(save);
  }

  /** Reboot: save first if asked, drop every connection, stay unreachable for the downtime, come back on saved. */
  reset(save: boolean): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.resetting ??= this.reboot(save)
      .catch((error: unknown) => {
        // The device stays down (e.g. its port was taken meanwhile); state() shows reachable: false.
        process.stderr.write(
          `certwright-device-sim: ${this.name}: could not come back after a reset: ${String(error)}\n`,
        );
      })
      .finally(() => {
        this.resetting = undefined;
      });
    return this.resetting;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    this.autoUpdate.stop();
    this.units.stop();
    await this.resetting?.catch(() => undefined);
    await this.stopListening();
    this.reachable = false;
    await this.persist().catch(() => undefined);
  }

  private async reboot(save: boolean): Promise<void> {
    if (save) this.model.save();
    this.reachable = false;
    this.resets++;
    await this.stopListening();
    // An HA pair switches over: the redundant unit comes up on what it holds (a save not yet synchronised is lost).
    this.units.switchOver();
    this.units.revertAll();
    this.parts.users.clearLockouts();
    await this.persist();
    try {
      await sleep(this.parts.faults.resetDowntimeMs, undefined, { signal: this.closing.signal });
    } catch {
      return; // closed while down
    }
    if (this.closed) return;
    await this.listen(this.port);
    this.upSince = Date.now();
    this.reachable = true;
    // The unit that went down takes a copy of the new active unit's configuration.
    this.units.synchronise();
    await this.persist();
  }

  private persist(): Promise<void> {
    return this.parts.store?.write(() => this.state()) ?? Promise.resolve();
  }

  /** A new listener: context 0's served pair; client certificates demanded if the saved parameter says so. */
  private async listen(port: number): Promise<void> {
    // The served pair's own context: a listener that comes back from a reset has new session ticket keys, as
    // a rebooted device would; a served pair that changes later takes the shared one (switchCertificate).
    const clientCertificates = this.clientCertificateOptions();
    const options = { ...clientCertificates, ...this.secureContextOptions(this.model.served) };
    const server = createServer(options, (request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        process.stderr.write(`certwright-device-sim: ${this.name}: ${String(error)}\n`);
        response.destroy();
      });
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    this.server = server;
  }

  /** Client certificates demanded if the running parameter says so, chaining to context 0's roots. */
  private clientCertificateOptions(): ServerOptions {
    const { running } = this.model;
    this.clientCertificatesRequired = running.parameters.HTTPSRequireClientCertificate === '1';
    this.listenerCa = this.clientCertificatesRequired ? (running.tlsContexts[0]?.trustedRootsPem ?? []) : undefined;
    return this.clientCertificatesRequired ? { requestCert: true, rejectUnauthorized: true } : {};
  }

  /** With no trusted root at all, nothing can chain: a CA list that cannot match keeps every client out. */
  private secureContextOptions(pair: ServedPair): ListenerContextOptions {
    const ca =
      this.listenerCa === undefined ? undefined : this.listenerCa.length > 0 ? this.listenerCa : [pair.certificatePem];
    return { ...this.tlsOptions, key: pair.privateKeyPem, cert: pair.certificatePem, ...(ca ? { ca } : {}) };
  }

  private switchCertificate(pair: ServedPair): void {
    if (this.server) serveListenerContext(this.server, this.secureContextOptions(pair));
  }

  private async stopListening(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://device.invalid');
    const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    if (!isApi || this.profile === 'mp1xx') {
      send(response, isApi || url.pathname !== '/' ? describe(404, 'Not found') : homePage(this.name));
      return;
    }
    const body = await readBody(request).catch(() => null);
    if (body === null) return; // the connection went away mid-upload (a reset, a client timeout)
    if (body === undefined) {
      send(response, describe(413, 'Request body too large'));
      return;
    }
    const { number, decision } = this.parts.faults.next();
    if (this.parts.faults.latencyMs > 0) {
      await sleep(this.parts.faults.latencyMs, undefined, { signal: this.closing.signal }).catch(() => undefined);
      if (this.closed) return;
    }
    if (decision === 'drop') {
      request.socket.destroy();
      // A reset or power loss planned for this request still happens: the request just never got through.
      if (this.parts.faults.resetsAfter(number) || this.parts.faults.losesPowerAfter(number)) void this.reset(false);
      return;
    }
    // A device that went down meanwhile never processes the request.
    if (request.socket.destroyed || !this.server) return;
    const reply = await this.answer(decision, {
      method: request.method ?? 'GET',
      segments: url.pathname.slice(API_PREFIX.length).split('/').filter(Boolean),
      query: url.searchParams,
      headers: request.headers,
      body,
      remoteAddress: request.socket.remoteAddress ?? '',
    });
    await this.persist();
    if (this.parts.faults.losesPowerAfter(number)) {
      // Power loss: the request was applied, the answer never leaves, unsaved state is lost.
      request.socket.destroy();
      void this.reset(false);
      return;
    }
    const resetsAfter = this.parts.faults.resetsAfter(number);
    const after = reply.after;
    if (after || resetsAfter) {
      reply.headers.connection = 'close';
      response.on('finish', () => {
        // A moment for the answer to leave the socket before every connection is dropped.
        setTimeout(() => (after ? after() : void this.reset(false)), 20);
      });
    }
    send(response, reply, this.now());
  }

  private answer(decision: string, request: ApiRequest): Promise<Reply> | Reply {
    if (decision === 'server-error') return describe(500, 'Internal server error');
    if (decision === 'conflict') return describe(409, HA_SYNC_DESCRIPTION);
    return handleApiRequest(request, this, this.parts.users);
  }
}

/** The answer, with a `Date` header from the device's own clock (which may be off). */
function send(response: ServerResponse, reply: Reply, now?: Date): void {
  response.writeHead(reply.status, {
    ...reply.headers,
    ...(now === undefined ? {} : { date: now.toUTCString() }),
    'content-length': String(reply.body.length),
  });
  response.end(reply.body);
}

function homePage(name: string): Reply {
  const html = `<!doctype html><title>${name}</title><p>Certwright simulated device ${name}</p>\n`;
  return { status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from(html) };
}

/**
 * The whole body; undefined when it grows past MAX_BODY_BYTES (the request is then dropped, as a device's
 * web server does), and a rejection when the connection goes away first. Read with events: an async
 * iterator per request was a visible share of the simulator's CPU in a fleet run.
 */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
    // Closed before the end (a reset, a client timeout): settles nothing if the body was already read.
    request.once('close', () => reject(new Error('the connection closed before the request body ended')));
  });
}

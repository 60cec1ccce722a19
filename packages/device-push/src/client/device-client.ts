/**
 * DeviceClient — the AudioCodes REST API (`/api/v1`, firmware 7.2+) for one device.
 *
 *   status()                              GET  /status                         → DeviceStatus (JSON)
 *   getCertificate(ctx)                   GET  /files/tls/<ctx>/certificate    → PEM
 *   getPrivateKeyInfo(ctx)                GET  /files/tls/<ctx>/privateKey     → { size, valid }
 *   putPrivateKey(ctx, pem, password?)    PUT  /files/tls/<ctx>/privateKey     multipart `file` (+ password)
 *   putCertificate(ctx, pem)              PUT  /files/tls/<ctx>/certificate    multipart `file`
 *   getTrustedRoots(ctx)                  GET  /files/tls/<ctx>/trustedRoot    → PEM blocks
 *   putTrustedRoots(ctx, pems)            PUT  /files/tls/<ctx>/trustedRoot    replaces the store
 *   addTrustedRoot(ctx, pem)              PUT  /files/tls/<ctx>/trustedRoot/incremental
 *   generatePrivateKey(ctx, size)         POST /files/tls/<ctx>/privateKey/generate (only 409 retried; own timeout)
 *   requestCertificate(ctx, subject)      POST /files/tls/<ctx>/certificate/request → CSR PEM
 *   getIni() / putIniIncremental(text)    GET  /files/ini, PUT /files/ini/incremental
 *   saveConfiguration()                   POST /actions/saveConfiguration
 *   reset({ saveConfiguration })          POST /actions/reset (never retried)
 *   servedCertificate()                   a new TLS handshake, no HTTP: the leaf a new client gets now
 *   servedFingerprint()                   the same, its fingerprint only (no chain check: for comparing)
 *
 * Every request: Basic credentials (over HTTPS only, unless allowHttp), a per-request timeout, trust
 * checked before any byte is sent, retries per RetryPolicy on 5xx/timeouts/dropped connections and,
 * within the busy budget, on 409 (never 401/403), errors as DeviceError with a stable ERR_DEVICE_* code,
 * the status and the device's name — never the password. After one 401 the client sends nothing more:
 * devices lock out a user, or the whole address, after a few failed logins. The password of an encrypted
 * key goes both as the `password` query parameter and as a `password` form field, because which one
 * devices read is not documented. A resource with no content may answer 400 (documented) or 200 empty:
 * both read as empty.
 */
import type { Agent } from 'node:http';
import { DeviceAgent, type Endpoint, SessionSlot } from './agent.js';
import { DeviceError } from './errors.js';
import { type FormPart, multipartBody } from './multipart.js';
import { type ConnectionInfo, type DeviceRequest, type DeviceResponse, sendRequest } from './request.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, realSleep, withRetry } from './retry.js';
import { acceptsConnections } from './tcp-probe.js';
import { fetchServedCertificate, fetchServedFingerprint, type ServedCertificate } from './served-certificate.js';
import { type ClientIdentity, normalizeFingerprint, type TlsTrust, trustIsEmpty } from './tls-trust.js';

/** How to reach one device and prove who it is: address, credentials, TLS trust, timeouts and retries. */
export interface DeviceClientOptions {
  /** The device's name in messages and reports. */
  name: string;
  host: string;
  port: number;
  /** Default https; http needs allowHttp (credentials would cross the network in clear). */
  protocol?: 'https' | 'http' | undefined;
  allowHttp?: boolean | undefined;
  username: string;
  password: string;
  trust: TlsTrust;
  clientIdentity?: ClientIdentity | undefined;
  /** Per request (default 15 s). */
  timeoutMs?: number | undefined;
  retry?: RetryPolicy | undefined;
  /** How long one request may keep meeting 409 (HA synchronisation) before it fails (default 300 s). */
  busyBudgetMs?: number | undefined;
  /** `privateKey/generate` only: its own timeout, since a large key may take long on a device (default 120 s). */
  keyGenerationTimeoutMs?: number | undefined;
  /** Told about each retry, e.g. for a progress display. */
  onRetry?: ((error: unknown, retry: number) => void) | undefined;
}

/** The fields of `GET /api/v1/status` Certwright reads; the rest is kept as sent. */
export interface DeviceStatus {
  productType?: unknown;
  versionID?: unknown;
  serialNumber?: unknown;
  /** "Not Operational" or "Operational" (read with readHaState). */
  highAvailability?: unknown;
  /** "true"/"false", or booleans on some firmware (read with readFlag). */
  saveNeeded?: unknown;
  resetNeeded?: unknown;
  /** The device's date and time. */
  localTimeStamp?: unknown;
  operationalState?: unknown;
  [field: string]: unknown;
}

/** `GET status` and the answer's Date header (the device's clock when localTimeStamp is missing). */
export interface StatusAnswer {
  status: DeviceStatus;
  dateHeader: string | undefined;
}

/** Default of DeviceClientOptions.busyBudgetMs: an HA synchronisation may take minutes. */
export const DEFAULT_BUSY_BUDGET_MS = 300_000;
const DEFAULT_KEY_GENERATION_TIMEOUT_MS = 120_000;

/** What a device says about the private key of a TLS context: its size in bits, and whether it is valid. */
export interface PrivateKeyInfo {
  size: number;
  valid: boolean;
}

/** The JSON of `POST …/certificate/request` (DEVICE-API.md). */
export interface CertificateRequestSubject {
  subjectName: string;
  organizationalUnit?: string;
  companyName?: string;
  localityName?: string;
  state?: string;
  countryCode?: string;
  signatureAlgorithm?: 'sha1' | 'sha256' | 'sha512';
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** A client for one AudioCodes device's REST API (`/api/v1`): status, TLS context files, trusted roots, ini, save. TLS is verified before any password is sent. */
export class DeviceClient {
  readonly name: string;
  #endpoint: Endpoint;
  /** The pooled connection's agent, made on first use: a client waiting between pre-flight and push holds none. */
  #agent: DeviceAgent | undefined;
  /** The TLS session the pooled connection resumes after close() or a drop (see SessionSlot). */
  #sessions = new SessionSlot();
  readonly #authorization: string;
  readonly #retry: RetryPolicy;
  readonly #onRetry: DeviceClientOptions['onRetry'];
  readonly #keyGenerationTimeoutMs: number;
  #lastConnection: ConnectionInfo | undefined;
  /** The 401 that ended this client's conversation with the device. */
  #unauthorized: DeviceError | undefined;

  constructor(options: DeviceClientOptions) {
    this.name = options.name;
    const protocol = options.protocol ?? 'https';
    if (protocol === 'http' && !options.allowHttp) {
      throw new DeviceError(
        'ERR_DEVICE_INSECURE_TRANSPORT',
        'refusing to send credentials over plain HTTP (allowHttp not set)',
        {
          device: options.name,
        },
      );
    }
    if (protocol === 'https' && trustIsEmpty(options.trust)) {
      throw new DeviceError(
        'ERR_DEVICE_TLS_UNTRUSTED',
        'no CA file, no pinned fingerprint and no skip-verify: nothing to trust',
        {
          device: options.name,
        },
      );
    }
    this.#endpoint = {
      device: options.name,
      host: options.host,
      port: options.port,
      protocol,
      trust: options.trust,
      clientIdentity: options.clientIdentity,
      timeoutMs: options.timeoutMs ?? 15_000,
    };
    this.#authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
    const retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.#retry = { ...retry, busyBudgetMs: options.busyBudgetMs ?? retry.busyBudgetMs ?? DEFAULT_BUSY_BUDGET_MS };
    this.#keyGenerationTimeoutMs = options.keyGenerationTimeoutMs ?? DEFAULT_KEY_GENERATION_TIMEOUT_MS;
    this.#onRetry = options.onRetry;
  }

  /** Whether the device answered 401: this client then contacts it no more. */
  get unauthorized(): boolean {
    return this.#unauthorized !== undefined;
  }

  /** Also trust a device serving exactly this certificate, e.g. the one just pushed (which need not name the device). */
  trustFingerprint(fingerprint: string): void {
    const pins = [...(this.#endpoint.trust.pinsSha256 ?? []), normalizeFingerprint(fingerprint, this.name)];
    // Pooled connections were trusted when opened; only new ones need the pin.
    this.#endpoint = { ...this.#endpoint, trust: { ...this.#endpoint.trust, pinsSha256: pins } };
  }

  /** Present this client certificate from now on (mutual TLS); no session of the previous identity is resumed. */
  useClientIdentity(identity: ClientIdentity | undefined): void {
    this.#sessions = new SessionSlot();
    this.#reconnect({ ...this.#endpoint, clientIdentity: identity });
  }

  /**
   * Drops pooled connections; the next request opens a new one (so a client can wait idle holding no socket),
   * resuming the TLS session of the last one where the device agrees.
   */
  close(): void {
    this.#reconnect(this.#endpoint);
  }

  async status(): Promise<DeviceStatus> {
    return (await this.readStatus()).status;
  }

  async readStatus(): Promise<StatusAnswer> {
    const response = await this.#call({ method: 'GET', path: '/api/v1/status' });
    const date = response.headers.date;
    return { status: this.#json(response) as DeviceStatus, dateHeader: typeof date === 'string' ? date : undefined };
  }

  /**
   * A GET whose answer is looked at as it is (for `device probe`): 2xx and 4xx but 401 come back as a
   * status and a body; 401, 5xx, timeouts and the like fail as usual.
   */
  async inspect(path: string): Promise<{ status: number; body: Buffer }> {
    try {
      const response = await this.#call({ method: 'GET', path });
      return { status: response.status, body: response.body };
    } catch (error) {
      const status = error instanceof DeviceError ? error.status : undefined;
      if (status !== undefined && status >= 400 && status < 500 && status !== 401) {
        return { status, body: Buffer.alloc(0) };
      }
      throw error;
    }
  }

  /** The context's certificate file (PEM, all blocks); '' when it holds none. */
  async getCertificate(ctx: number): Promise<string> {
    return (await this.#getOrEmpty(tlsPath(ctx, 'certificate'))).toString('utf8');
  }

  async getPrivateKeyInfo(ctx: number): Promise<PrivateKeyInfo> {
    const info = this.#json(await this.#call({ method: 'GET', path: tlsPath(ctx, 'privateKey') }));
    if (typeof info.size !== 'number' || typeof info.valid !== 'boolean') {
      throw this.#badResponse('privateKey answer lacks size/valid');
    }
    return { size: info.size, valid: info.valid };
  }

  async putPrivateKey(ctx: number, pem: string, password?: string): Promise<void> {
    const parts: FormPart[] = [{ name: 'file', value: pem, filename: 'board_pkey.pem' }];
    if (password !== undefined) parts.push({ name: 'password', value: password });
    await this.#upload(tlsPath(ctx, 'privateKey'), parts, password === undefined ? undefined : { password });
  }

  async putCertificate(ctx: number, pem: string): Promise<void> {
    await this.#upload(tlsPath(ctx, 'certificate'), [{ name: 'file', value: pem, filename: 'board_cert.pem' }]);
  }

  async getTrustedRoots(ctx: number): Promise<string[]> {
    return pemBlocks((await this.#getOrEmpty(tlsPath(ctx, 'trustedRoot'))).toString('utf8'));
  }

  async putTrustedRoots(ctx: number, pems: readonly string[]): Promise<void> {
    const bundle = pems.map((pem) => (pem.endsWith('\n') ? pem : `${pem}\n`)).join('');
    await this.#upload(tlsPath(ctx, 'trustedRoot'), [{ name: 'file', value: bundle, filename: 'root.pem' }]);
  }

  async addTrustedRoot(ctx: number, pem: string): Promise<void> {
    await this.#upload(tlsPath(ctx, 'trustedRoot/incremental'), [{ name: 'file', value: pem, filename: 'root.pem' }]);
  }

  /**
   * Never retried after a timeout, a 5xx or a lost answer: each call makes a new key, so a retry would
   * replace the key the first call may have made. Only a 409 (the device did nothing: HA synchronisation)
   * is waited out, within the busy budget. Its own timeout (keyGenerationTimeoutMs), since a 4096-bit key
   * may take long on a device.
   */
  async generatePrivateKey(ctx: number, size: number): Promise<void> {
    const request = jsonRequest('POST', tlsPath(ctx, 'privateKey/generate'), { size });
    const onlyBusy = { ...this.#retry, attempts: 1 };
    const response = await withRetry(onlyBusy, () => this.#send(request, this.#keyGenerationTimeoutMs), this.#onRetry);
    this.#lastConnection = response.connection;
  }

  async requestCertificate(ctx: number, subject: CertificateRequestSubject): Promise<string> {
    const response = await this.#call(jsonRequest('POST', tlsPath(ctx, 'certificate/request'), subject));
    const csr = pemBlocks(response.body.toString('utf8')).find((block) => block.includes('CERTIFICATE REQUEST'));
    if (csr === undefined) throw this.#badResponse('certificate/request answer holds no CSR');
    return csr;
  }

  async getIni(): Promise<string> {
    return (await this.#call({ method: 'GET', path: '/api/v1/files/ini' })).body.toString('utf8');
  }

  async putIniIncremental(text: string): Promise<void> {
    const ini = text.endsWith('\n') ? text : `${text}\n`;
    await this.#upload('/api/v1/files/ini/incremental', [{ name: 'file', value: ini, filename: 'incremental.ini' }]);
  }

  async saveConfiguration(): Promise<void> {
    await this.#call({ method: 'POST', path: '/api/v1/actions/saveConfiguration' });
  }

  /**
   * Not retried after a lost answer (a reset whose answer was lost may have happened; the caller waits and
   * looks); a 409 (the device did nothing: HA synchronisation) is waited out within the busy budget.
   */
  async reset(options: { saveConfiguration: boolean; gracefulTimeout?: number }): Promise<void> {
    const body = { saveConfiguration: options.saveConfiguration, gracefulTimeout: options.gracefulTimeout ?? 0 };
    await withRetry(
      { ...this.#retry, attempts: 1 },
      () => this.#send(jsonRequest('POST', '/api/v1/actions/reset', body)),
      this.#onRetry,
    );
    this.#dropAgent();
    // A device that comes back from a reset is met with a full handshake.
    this.#sessions.forget();
  }

  /**
   * One `GET status` on a new connection WITHOUT a client certificate, not retried: true when the device
   * refused the connection (it demands a client certificate), false when it answered.
   */
  async refusesWithoutClientCertificate(): Promise<boolean> {
    const endpoint = { ...this.#endpoint, clientIdentity: undefined };
    try {
      await sendRequest(endpoint, this.#pool() as Agent, this.#authorization, {
        method: 'GET',
        path: '/api/v1/status',
        freshConnection: true,
      });
      return false;
    } catch (error) {
      if (error instanceof DeviceError && ['ERR_DEVICE_TLS_HANDSHAKE', 'ERR_DEVICE_CONNECTION'].includes(error.code)) {
        return true;
      }
      throw error;
    }
  }

  /**
   * After a reset was accepted: waits until the device stops accepting connections (it answers
   * before it goes down), at most `goDownMs`, polling every 50 ms. False when it was never seen down.
   */
  async waitUntilDown(goDownMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + goDownMs;
    while (Date.now() < deadline) {
      if (!(await acceptsConnections(this.#endpoint.host, this.#endpoint.port, 1000))) return true;
      await realSleep(50);
    }
    return false;
  }

  /** The leaf a brand-new TLS connection gets now (with this client's identity, if any). */
  servedCertificate(): Promise<ServedCertificate> {
    return withRetry(this.#retry, () => fetchServedCertificate(this.#endpoint), this.#onRetry);
  }

  /**
   * The fingerprint of the leaf a brand-new TLS connection gets now, for comparing with one already trusted
   * (see fetchServedFingerprint: the chain is not checked, so `servedCertificate` is the one that says
   * whether the certificate is trusted).
   */
  servedFingerprint(): Promise<string> {
    return withRetry(this.#retry, () => fetchServedFingerprint(this.#endpoint), this.#onRetry);
  }

  /** The connection that carried the last answer (see ConnectionInfo). */
  get lastConnection(): ConnectionInfo | undefined {
    return this.#lastConnection;
  }

  /** One request, retried per policy. */
  async #call(request: DeviceRequest): Promise<DeviceResponse> {
    const response = await withRetry(this.#retry, () => this.#send(request), this.#onRetry);
    this.#lastConnection = response.connection;
    return response;
  }

  /** A GET whose resource may be empty: 400 (the reference's answer for no content) and 204 read as empty. */
  async #getOrEmpty(path: string): Promise<Buffer> {
    try {
      const response = await this.#call({ method: 'GET', path });
      return response.status === 204 ? Buffer.alloc(0) : response.body;
    } catch (error) {
      if (error instanceof DeviceError && error.status === 400) return Buffer.alloc(0);
      throw error;
    }
  }

  /** Sends once; after a 401 nothing more is sent to this device. */
  async #send(request: DeviceRequest, timeoutMs?: number): Promise<DeviceResponse> {
    if (this.#unauthorized) throw this.#unauthorized;
    const endpoint = timeoutMs === undefined ? this.#endpoint : { ...this.#endpoint, timeoutMs };
    try {
      return await sendRequest(endpoint, this.#pool() as Agent, this.#authorization, request);
    } catch (error) {
      if (error instanceof DeviceError && error.code === 'ERR_DEVICE_UNAUTHORIZED') this.#unauthorized = error;
      throw error;
    }
  }

  #upload(path: string, parts: readonly FormPart[], query?: Record<string, string>): Promise<DeviceResponse> {
    const { body, contentType } = multipartBody(parts);
    return this.#call({ method: 'PUT', path, body, contentType, query });
  }

  #json(response: DeviceResponse): Record<string, unknown> {
    try {
      const parsed: unknown = JSON.parse(response.body.toString('utf8'));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // fall through: not JSON
    }
    throw this.#badResponse('expected a JSON object');
  }

  #badResponse(message: string): DeviceError {
    return new DeviceError('ERR_DEVICE_BAD_RESPONSE', message, { device: this.name });
  }

  #reconnect(endpoint: Endpoint): void {
    this.#dropAgent();
    this.#endpoint = endpoint;
  }

  #pool(): DeviceAgent {
    this.#agent ??= new DeviceAgent(() => this.#endpoint, this.#sessions);
    return this.#agent;
  }

  #dropAgent(): void {
    this.#agent?.destroy();
    this.#agent = undefined;
  }
}

function tlsPath(ctx: number, rest: string): string {
  if (!Number.isInteger(ctx) || ctx < 0) throw new RangeError(`TLS context must be a whole number, not ${ctx}`);
  return `/api/v1/files/tls/${ctx}/${rest}`;
}

function jsonRequest(method: 'POST' | 'PUT', path: string, value: unknown): DeviceRequest {
  return { method, path, body: Buffer.from(JSON.stringify(value), 'utf8'), contentType: 'application/json' };
}

/** The PEM blocks of a text, each ending with a newline. */
export function pemBlocks(text: string): string[] {
  return [...text.replaceAll('\r\n', '\n').matchAll(PEM_BLOCK)].map((match) => `${match[0]}\n`);
}

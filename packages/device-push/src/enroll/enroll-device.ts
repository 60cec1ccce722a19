import {
  type CertificateInfo,
  type CsrInfo,
  fingerprintText,
  parseCertificate,
  parseCsr,
  validateChain,
} from '@certwright/core';
import type { DeviceClient } from '../client/device-client.js';
import { DeviceError } from '../client/errors.js';
import { readFlag, readHaState } from '../client/status-values.js';
import { sha256Hex } from '../client/tls-trust.js';
import type { DeviceOutcome, DeviceReport, VerifiedCheck } from '../fleet/device-report.js';
import { reportedError } from '../fleet/device-report.js';
import { readIniParameters } from '../profiles/ini-values.js';
import { pemFingerprints } from '../profiles/pem.js';
import { EnrollError } from './errors.js';

/** The device calls enrolment makes (a DeviceClient has them all). */
export type EnrollClient = Pick<
  DeviceClient,
  | 'status'
  | 'servedCertificate'
  | 'generatePrivateKey'
  | 'requestCertificate'
  | 'putCertificate'
  | 'getCertificate'
  | 'getPrivateKeyInfo'
  | 'getTrustedRoots'
  | 'addTrustedRoot'
  | 'getIni'
  | 'putIniIncremental'
  | 'saveConfiguration'
  | 'trustFingerprint'
  | 'reset'
  | 'waitUntilDown'
>;

/** The device as the inventory names it. */
export interface EnrollTarget {
  name: string;
  host: string;
  port: number;
  profile: string;
}

/**
 * How the certificate comes about: signed now from the device's CSR (lab CA), the CSR written out for
 * the enterprise CA (the run stops there), or a certificate the enterprise CA sent back.
 */
export type EnrollMode =
  | {
      kind: 'sign';
      sign: (csrPem: string, target: EnrollTarget) => Promise<CertificateInfo>;
      /** The signing CA's certificates up to (not including) the root, issuer first: sent with the leaf. */
      intermediatePems?: readonly string[];
    }
  | { kind: 'csr-out' }
  | {
      kind: 'cert-dir';
      certificatePem: string | undefined;
      /** Intermediates that came with the certificate, sent with it. */
      intermediatePems?: readonly string[];
      source: string;
    };

/** What enrollDevice needs for one device: its client and target, the mode, the TLS context, the key size and the roots to trust. */
export interface EnrollDeviceInput {
  client: EnrollClient;
  target: EnrollTarget;
  mode: EnrollMode;
  tlsContext: number;
  /** RSA size the device generates (sign and csr-out). */
  keySize: number;
  /** root.pem: the roots the device trusts afterwards (AUPDVerifyCertificates = 1 checks OVOC against them). */
  rootPems: readonly string[];
  /** What the CSR asks for; default CN = the device's host. */
  subjectName?: string;
  /** For needs-attention: the command that completes the enrolment. */
  rerunCommand?: string;
  /** Firmware that serves a new certificate only after a reset: reset it (else the device is pending-reset). */
  allowReset?: boolean;
  /** How long a device may stay away after a reset (default 120 s). */
  resetWaitMs?: number;
  /** Retries so far for this device (the client's onRetry counts them). */
  retries?: () => number;
  at?: Date;
}

/** One device's report line: a push report, plus `csr-written` and what was issued. */
export interface EnrollReport extends Omit<DeviceReport, 'state'> {
  state: DeviceOutcome | 'csr-written';
  /** The CSR the device made (csr-out), PEM. */
  csrPem?: string;
  /** SHA-256 of the certificate now on the device, hex. */
  certificateFingerprint?: string;
}

/** The parameter enrolment sets: the device verifies the servers it talks to (OVOC) against its roots. */
const PARAMETERS = { AUPDVerifyCertificates: '1' } as const;

/**
 * Enrols one device with a key it generates itself: POST privateKey/generate, take its CSR, have it
 * signed (or hand it out), upload the certificate and roots, set AUPDVerifyCertificates = 1, verify
 * (read-back, privateKey.valid, roots, ini, and on context 0 the certificate a new connection gets),
 * and only then save. The private key never leaves the device. Never throws: errors go in the report.
 */
export async function enrollDevice(input: EnrollDeviceInput): Promise<EnrollReport> {
  const run = new EnrollRun(input);
  try {
    await run.steps();
  } catch (error) {
    run.failed(error);
  }
  return run.report();
}

class EnrollRun {
  private readonly changes: string[] = [];
  private readonly verified: VerifiedCheck[] = [];
  private readonly errors: ReturnType<typeof reportedError>[] = [];
  private state: EnrollReport['state'] = 'failed';
  private servedBefore: string | undefined;
  private servedAfter: string | undefined;
  private saveNeeded: boolean | undefined;
  private csrPem: string | undefined;
  private certificateFingerprint: string | undefined;
  private keyReplaced = false;
  private readonly tls: string;

  constructor(private readonly input: EnrollDeviceInput) {
    this.tls = `/api/v1/files/tls/${input.tlsContext}`;
  }

  async steps(): Promise<void> {
    const { client, mode } = this.input;
    // Pre-flight, changing nothing: reachable, not synchronising HA, a user allowed into /files, what a new client gets now.
    const status = await client.status();
    this.saveNeeded = readFlag(status.saveNeeded);
    // A key made on one unit of an HA pair never reaches the other: enrolment is for standalone devices.
    if (readHaState(status.highAvailability) !== 'standalone') {
      throw new DeviceError(
        'ERR_DEVICE_HA_PAIR',
        `highAvailability is ${JSON.stringify(status.highAvailability) ?? 'missing'}: a key generated on one unit of an HA pair stays on that unit; enrol standalone devices only`,
        { device: this.input.target.name },
      );
    }
    await client.getPrivateKeyInfo(this.input.tlsContext);
    this.servedBefore = (await client.servedCertificate()).fingerprint;
    const certificate = mode.kind === 'cert-dir' ? await this.certificateForHeldKey(mode) : await this.newKeyAndCsr();
    if (certificate === undefined) {
      this.state = 'csr-written';
      return;
    }
    await this.install(certificate);
    await this.verify(certificate);
    // Firmware may serve a new certificate at once, after the save, or only after a reset.
    const servedEarly = await this.servesNew(certificate);
    await client.saveConfiguration();
    this.changes.push('POST /api/v1/actions/saveConfiguration');
    this.saveNeeded = readFlag((await client.status()).saveNeeded);
    if (this.saveNeeded !== false) {
      this.state = 'needs-attention';
      this.errors.push({ code: 'ERR_DEVICE_VERIFY_FAILED', message: 'saveNeeded still true after saving' });
      return;
    }
    this.mark('saved');
    this.state = servedEarly || (await this.servesNew(certificate)) ? 'updated' : await this.afterReset(certificate);
  }

  /** sign and csr-out: the device makes a new key and a CSR for it; from here its old key is gone. */
  private async newKeyAndCsr(): Promise<CertificateInfo | undefined> {
    const { client, tlsContext, keySize, target, mode } = this.input;
    // Never retried (each call makes another key); a lost answer may still have replaced the key.
    this.keyReplaced = true;
    try {
      await client.generatePrivateKey(tlsContext, keySize);
    } catch (error) {
      const refused = error instanceof DeviceError && error.status !== undefined && error.status < 500;
      if (refused) this.keyReplaced = false;
      else this.changes.push(`POST ${this.tls}/privateKey/generate (answer lost)`);
      throw error;
    }
    this.changes.push(`POST ${this.tls}/privateKey/generate`);
    const csrPem = await client.requestCertificate(tlsContext, this.subject());
    const csr = await this.checkedCsr(csrPem);
    this.csrPem = csr.pem;
    if (mode.kind !== 'sign') return undefined;
    return mode.sign(csr.pem, target);
  }

  /** cert-dir: the certificate must carry the key the device holds now (its CSR says which). */
  private async certificateForHeldKey(mode: Extract<EnrollMode, { kind: 'cert-dir' }>): Promise<CertificateInfo> {
    const { client, tlsContext, target } = this.input;
    if (mode.certificatePem === undefined) {
      throw new EnrollError('ERR_DEVICE_ENROLL_NO_CERTIFICATE', target.name, `no certificate for it in ${mode.source}`);
    }
    const certificate = await parseCertificate(mode.certificatePem, { source: `${mode.source}/${target.name}` });
    // A CSR is made with the key the device holds and changes nothing on it.
    const held = await this.checkedCsr(await client.requestCertificate(tlsContext, this.subject()));
    if (Buffer.compare(Buffer.from(held.spkiDer), Buffer.from(certificate.spkiDer)) !== 0) {
      throw new EnrollError(
        'ERR_DEVICE_ENROLL_KEY_MISMATCH',
        target.name,
        'the certificate is not for the key the device holds (was the device reset, or enrolled again, since its CSR?)',
      );
    }
    return certificate;
  }

  private async checkedCsr(pem: string): Promise<CsrInfo> {
    const { keySize, target, mode } = this.input;
    try {
      const csr = await parseCsr(pem, { source: `${target.name} CSR` });
      // A device that ignored the requested size would leave a weaker key than asked for.
      if (mode.kind !== 'cert-dir' && csr.publicKey.bits !== keySize) {
        throw new EnrollError(
          'ERR_DEVICE_ENROLL_BAD_CSR',
          target.name,
          `CSR key is ${csr.publicKey.bits} bits, asked for ${keySize}`,
        );
      }
      return csr;
    } catch (cause) {
      if (cause instanceof EnrollError) throw cause;
      throw new EnrollError('ERR_DEVICE_ENROLL_BAD_CSR', target.name, 'the device returned an unreadable CSR', {
        cause,
      });
    }
  }

  private async install(certificate: CertificateInfo): Promise<void> {
    const { client, tlsContext, rootPems, target } = this.input;
    const intermediates = this.input.mode.kind === 'csr-out' ? [] : (this.input.mode.intermediatePems ?? []);
    await this.assertChainsToRoots(certificate, intermediates);
    // The leaf with its intermediates: a device presents the file as its chain, so peers that hold only the root can verify it.
    await client.putCertificate(tlsContext, [certificate.pem, ...intermediates].map(withNewline).join(''));
    this.changes.push(`PUT ${this.tls}/certificate`);
    this.certificateFingerprint = sha256Hex(certificate.der);
    // From now on a new connection to context 0 gets this certificate, which need not chain to the CA file.
    if (tlsContext === 0) client.trustFingerprint(this.certificateFingerprint);
    const held = new Set(pemFingerprints((await client.getTrustedRoots(tlsContext)).join('')));
    for (const root of rootPems) {
      if (held.has(pemFingerprints(root)[0] as string)) continue;
      await client.addTrustedRoot(tlsContext, root);
      this.changes.push(`PUT ${this.tls}/trustedRoot/incremental`);
    }
    await client.putIniIncremental(
      `; certwright device enroll ${target.name}\n${Object.entries(PARAMETERS)
        .map(([name, value]) => `${name} = ${value}`)
        .join('\n')}\n`,
    );
    this.changes.push('PUT /api/v1/files/ini/incremental');
  }

  // A certificate the device's peers cannot verify would break its TLS the moment it is saved.
  private async assertChainsToRoots(certificate: CertificateInfo, intermediates: readonly string[]): Promise<void> {
    const { mode, target, at } = this.input;
    if (mode.kind !== 'cert-dir') return;
    const result = await validateChain({
      leaf: certificate.der,
      intermediates,
      trustAnchors: this.input.rootPems,
      at,
      purpose: 'any',
    });
    if (!result.valid) {
      const reasons = result.problems.map((problem) => problem.code).join(', ');
      throw new EnrollError(
        'ERR_DEVICE_ENROLL_UNTRUSTED_CERTIFICATE',
        target.name,
        `the certificate does not chain to root.pem (${reasons})`,
      );
    }
  }

  private async verify(certificate: CertificateInfo): Promise<void> {
    const { client, tlsContext, rootPems, target } = this.input;
    const fingerprint = sha256Hex(certificate.der);
    const fail = (what: string) => {
      throw new DeviceError('ERR_DEVICE_VERIFY_FAILED', what, { device: target.name });
    };
    if (pemFingerprints(await client.getCertificate(tlsContext))[0] !== fingerprint)
      fail('the device does not hold the uploaded certificate');
    this.mark('certificate-read-back');
    const key = await client.getPrivateKeyInfo(tlsContext);
    if (!key.valid) {
      const what = 'privateKey.valid is false: the certificate does not match the key the device holds';
      throw new EnrollError('ERR_DEVICE_ENROLL_KEY_MISMATCH', target.name, what);
    }
    this.mark('private-key-valid');
    const held = new Set(pemFingerprints((await client.getTrustedRoots(tlsContext)).join('')));
    if (!rootPems.every((root) => held.has(pemFingerprints(root)[0] as string)))
      fail('a pushed root is not in the store');
    this.mark('trusted-roots');
    const values = readIniParameters(await client.getIni(), Object.keys(PARAMETERS));
    if (values.AUPDVerifyCertificates !== '1') fail('AUPDVerifyCertificates is not 1 after the ini upload');
    this.mark('ini-values');
  }

  /** Context 0 secures the listener: a new connection must get the new certificate (other contexts: nothing to see). */
  private async servesNew(certificate: CertificateInfo): Promise<boolean> {
    if (this.input.tlsContext !== 0) return true;
    this.servedAfter = (await this.input.client.servedCertificate()).fingerprint;
    const serves = this.servedAfter === sha256Hex(certificate.der);
    if (serves) this.mark('served-certificate');
    return serves;
  }

  /**
   * Saved, but still serving the old certificate: this firmware applies a new one at a reset. Without
   * allowReset the device is pending-reset (everything is saved; the next reset finishes it).
   */
  private async afterReset(certificate: CertificateInfo): Promise<EnrollReport['state']> {
    const { client } = this.input;
    if (!this.input.allowReset) return 'pending-reset';
    try {
      await client.reset({ saveConfiguration: false });
      this.changes.push('POST /api/v1/actions/reset (the new certificate takes effect)');
    } catch (error) {
      if (error instanceof DeviceError && error.status !== undefined && error.status < 500) throw error;
    }
    await client.waitUntilDown();
    const deadline = Date.now() + (this.input.resetWaitMs ?? 120_000);
    for (;;) {
      try {
        await client.status();
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    await this.verify(certificate);
    if (!(await this.servesNew(certificate))) {
      throw new DeviceError(
        'ERR_DEVICE_VERIFY_FAILED',
        'after a reset a new connection still gets another certificate',
        {
          device: this.input.target.name,
        },
      );
    }
    return 'updated';
  }

  /** Records a check once, in the order first made. */
  private mark(check: VerifiedCheck): void {
    if (!this.verified.includes(check)) this.verified.push(check);
  }

  private subject(): { subjectName: string; signatureAlgorithm: 'sha256' } {
    return { subjectName: this.input.subjectName ?? this.input.target.host, signatureAlgorithm: 'sha256' };
  }

  failed(error: unknown): void {
    this.errors.push(reportedError(error));
    // Before the device made a new key nothing on it changed; after, its old key is gone for good.
    this.state = this.keyReplaced || this.changes.length > 0 ? 'needs-attention' : 'failed';
  }

  report(): EnrollReport {
    const { target } = this.input;
    const command = this.state === 'needs-attention' ? this.input.rerunCommand : undefined;
    return {
      name: target.name,
      host: target.host,
      port: target.port,
      profile: target.profile,
      state: this.state,
      changes: [...this.changes],
      verified: [...this.verified],
      servedBefore: this.servedBefore,
      servedAfter: this.servedAfter,
      saveNeeded: this.saveNeeded,
      retries: this.input.retries?.() ?? 0,
      errors: [...this.errors],
      warnings: [],
      ...(command === undefined ? {} : { command }),
      ...(this.csrPem === undefined ? {} : { csrPem: this.csrPem }),
      ...(this.certificateFingerprint === undefined ? {} : { certificateFingerprint: this.certificateFingerprint }),
      summary: this.summary(),
    };
  }

  private summary(): string {
    switch (this.state) {
      case 'updated':
        return `enrolled: serves ${fingerprintText(this.certificateFingerprint ?? '?')}, saved`;
      case 'pending-reset':
        return 'enrolled and saved; the device serves the new certificate after its next reset: reset it to finish (enrolling again would make another key)';
      case 'csr-written':
        return 'new key on the device; CSR written (upload the certificate with --cert-dir)';
      case 'needs-attention':
        return `needs attention: ${this.errors[0]?.message ?? 'not verified'}`;
      default:
        return `failed, device untouched: ${this.errors[0]?.message ?? ''}`;
    }
  }
}

function withNewline(pem: string): string {
  return pem.endsWith('\n') ? pem : `${pem}\n`;
}

// Reads what a TLS 1.0–1.2 server sends after a ClientHello, in the clear: records (RFC 5246 §6.2.1),
// handshake messages (§7.4): ServerHello, Certificate, CertificateRequest, ServerHelloDone; or an alert.
import { distinguishedNameText } from '../lib/distinguished-name.js';

const RECORD_ALERT = 0x15;
const RECORD_HANDSHAKE = 0x16;
const SERVER_HELLO = 2;
const CERTIFICATE = 11;
const CERTIFICATE_REQUEST = 13;
const SERVER_HELLO_DONE = 14;

/** The certificate request of a TLS 1.0–1.2 server: what kinds of client certificate, from which CAs. */
export interface CertificateRequestInfo {
  /** ClientCertificateType codes (1 rsa_sign, 64 ecdsa_sign, …). */
  types: number[];
  /** The CA names it accepts, as text (`CN=Issuing CA, O=Example`); empty means any. */
  caNames: string[];
}

/** Everything read so far. */
export interface ServerFlight {
  alert?: { level: number; description: number };
  serverHello?: { version: number; suite: number };
  certificates?: Uint8Array[];
  certificateRequest?: CertificateRequestInfo;
  /** ServerHelloDone seen: the server's whole first flight is here. */
  done: boolean;
}

/** Parses the server's bytes incrementally; `feed` returns the flight read so far. */
export class ServerFlightReader {
  private records = Buffer.alloc(0);
  private handshake = Buffer.alloc(0);
  readonly flight: ServerFlight = { done: false };

  feed(chunk: Uint8Array): ServerFlight {
    this.records = Buffer.concat([this.records, chunk]);
    while (this.records.length >= 5) {
      const type = this.records[0] as number;
      const length = this.records.readUInt16BE(3);
      if (type !== RECORD_ALERT && type !== RECORD_HANDSHAKE) {
        throw new Error(`unexpected TLS record type ${type} (is this TLS?)`);
      }
      if (length > 18_432) throw new Error(`TLS record of ${length} bytes is longer than allowed`);
      if (this.records.length < 5 + length) break;
      const fragment = this.records.subarray(5, 5 + length);
      this.records = this.records.subarray(5 + length);
      if (type === RECORD_ALERT) {
        this.flight.alert = { level: fragment[0] ?? 0, description: fragment[1] ?? 0 };
        continue;
      }
      this.handshake = Buffer.concat([this.handshake, fragment]);
      this.readMessages();
    }
    return this.flight;
  }

  private readMessages(): void {
    while (this.handshake.length >= 4) {
      const type = this.handshake[0] as number;
      const length = this.handshake.readUIntBE(1, 3);
      if (this.handshake.length < 4 + length) return;
      const body = this.handshake.subarray(4, 4 + length);
      this.handshake = this.handshake.subarray(4 + length);
      if (type === SERVER_HELLO) this.flight.serverHello = parseServerHello(body);
      else if (type === CERTIFICATE) this.flight.certificates = parseCertificates(body);
      else if (type === CERTIFICATE_REQUEST)
        this.flight.certificateRequest = parseCertificateRequest(body, this.flight.serverHello?.version ?? 0x0303);
      else if (type === SERVER_HELLO_DONE) this.flight.done = true;
    }
  }
}

function parseServerHello(body: Buffer): { version: number; suite: number } {
  const version = body.readUInt16BE(0);
  const sessionIdLength = body[34] ?? 0;
  const suite = body.readUInt16BE(35 + sessionIdLength);
  return { version, suite };
}

function parseCertificates(body: Buffer): Uint8Array[] {
  const total = body.readUIntBE(0, 3);
  const certificates: Uint8Array[] = [];
  let offset = 3;
  while (offset < 3 + total) {
    const length = body.readUIntBE(offset, 3);
    certificates.push(new Uint8Array(body.subarray(offset + 3, offset + 3 + length)));
    offset += 3 + length;
  }
  return certificates;
}

function parseCertificateRequest(body: Buffer, version: number): CertificateRequestInfo {
  const typeCount = body[0] ?? 0;
  const types = [...body.subarray(1, 1 + typeCount)];
  let offset = 1 + typeCount;
  // TLS 1.2 adds supported_signature_algorithms before the CA names.
  if (version >= 0x0303) offset += 2 + body.readUInt16BE(offset);
  const namesLength = body.readUInt16BE(offset);
  offset += 2;
  const end = offset + namesLength;
  const caNames: string[] = [];
  while (offset < end) {
    const length = body.readUInt16BE(offset);
    const der = body.subarray(offset + 2, offset + 2 + length);
    caNames.push(safeName(der));
    offset += 2 + length;
  }
  return { types, caNames };
}

function safeName(der: Uint8Array): string {
  try {
    return distinguishedNameText(der);
  } catch {
    return `(unreadable name, ${der.length} bytes)`;
  }
}

import { Connection } from 'tedious';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTarget, scan, TLS_VERSIONS } from '../src/index.js';
import { STARTTLS_OID, startTlsRequest } from '../src/transport/ldap-starttls.js';
import {
  ENCRYPTION,
  preloginPayload,
  readPreloginOptions,
  tdsPacket,
  TDS_PRELOGIN,
} from '../src/transport/tds-prelogin.js';
import { startLdapResponder } from './support/ldap-responder.js';
import { AT, createTestPki, type Leaf, type TestPki } from './support/pki.js';
import { mapLimit, S_CLIENT_VERSION_FLAGS, sClient } from './support/servers.js';
import { LOGIN_REFUSAL, startTdsResponder } from './support/tds-responder.js';

let pki: TestPki;
let leaf: Leaf;

beforeAll(async () => {
  pki = await createTestPki();
  leaf = await pki.leaf({
    cn: 'dc1.example.test',
    sans: [
      { type: 'dns', value: 'dc1.example.test' },
      { type: 'ip', value: '127.0.0.1' },
    ],
  });
});

function tlsOptions(extra: Record<string, unknown> = {}) {
  return { cert: `${leaf.certificatePem}${pki.intermediatePem}`, key: leaf.keyPem, ...extra };
}

async function scanTarget(text: string) {
  const report = await scan({ targets: [parseTarget(text)], trustAnchors: [pki.rootPem], at: AT, timeoutMs: 10_000 });
  return report.endpoints[0];
}

describe('MS-TDS byte layouts', () => {
  // MS-TDS 4.1 "Pre-Login Request": the specification's own example, byte for byte.
  const SPEC_EXAMPLE = Buffer.from(
    '12 01 00 2F 00 00 01 00 00 00 1A 00 06 01 00 20 00 01 02 00 21 00 01 03 00 22 00 04 04 00 26 00 01 FF 09 00 00 00 00 00 01 00 B8 0D 00 00 01'.replaceAll(
      ' ',
      '',
    ),
    'hex',
  );

  it('writes the PRELOGIN packet of the specification’s example', () => {
    const payload = preloginPayload({
      version: [0x09, 0, 0, 0, 0, 0],
      encryption: ENCRYPTION.on,
      threadId: 0x0db8,
      mars: true,
    });
    expect(Buffer.from(tdsPacket(TDS_PRELOGIN, payload))).toEqual(SPEC_EXAMPLE);
  });

  it('reads the options of the specification’s example', () => {
    const options = readPreloginOptions(SPEC_EXAMPLE.subarray(8));
    expect(Buffer.from(options.get(0x00) ?? [])).toEqual(Buffer.from([0x09, 0, 0, 0, 0, 0]));
    expect(options.get(0x01)?.[0]).toBe(ENCRYPTION.on);
    expect(Buffer.from(options.get(0x03) ?? []).readUInt32LE(0)).toBe(0x0db8);
    expect(options.get(0x04)?.[0]).toBe(1);
  });

  it('writes the LDAP StartTLS ExtendedRequest of RFC 4511 §4.14', () => {
    const oid = Buffer.from(STARTTLS_OID, 'latin1');
    const expected = Buffer.concat([Buffer.from([0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16]), oid]);
    expect(Buffer.from(startTlsRequest())).toEqual(expected);
  });
});

describe('LDAP with StartTLS', () => {
  let responder: Awaited<ReturnType<typeof startLdapResponder>>;
  beforeAll(async () => {
    responder = await startLdapResponder({ tls: tlsOptions({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }) });
  });
  afterAll(() => responder.close());

  it('is scanned after StartTLS, and agrees with openssl s_client -starttls ldap', async () => {
    const endpoint = await scanTarget(`ldap://127.0.0.1:${responder.port}`);
    expect(endpoint?.status).toBe('scanned');
    expect(endpoint?.protocol).toBe('ldap-starttls');
    const accepted = TLS_VERSIONS.filter((version) => endpoint?.versions?.[version].accepted);
    expect(accepted).toEqual(['TLSv1.2', 'TLSv1.3']);
    const openssl = await mapLimit(TLS_VERSIONS, 2, (version) =>
      sClient(responder.port, ['-starttls', 'ldap', S_CLIENT_VERSION_FLAGS[version], '-cipher', 'ALL:@SECLEVEL=0']),
    );
    expect(TLS_VERSIONS.filter((_, index) => openssl[index]?.accepted)).toEqual(accepted);
    const subject = /subject=(.*)/.exec(openssl[2]?.output ?? '')?.[1] ?? '';
    expect(subject).toContain('CN = dc1.example.test');
    expect(endpoint?.chain?.certificates[0]?.subject).toBe('CN=dc1.example.test, O=Certwright Scan Tests');
    expect(endpoint?.chain?.valid).toBe(true);
  });
});

describe('LDAP whose server refuses StartTLS', () => {
  let responder: Awaited<ReturnType<typeof startLdapResponder>>;
  beforeAll(async () => {
    responder = await startLdapResponder({ tls: tlsOptions(), resultCode: 53 });
  });
  afterAll(() => responder.close());

  it('is reported as offering no TLS, with the LDAP result', async () => {
    const endpoint = await scanTarget(`ldap://127.0.0.1:${responder.port}`);
    expect(endpoint?.status).toBe('failed');
    expect(endpoint?.error).toEqual({ kind: 'no-tls', message: 'LDAP StartTLS refused (unwillingToPerform)' });
    expect(endpoint?.findings.map((finding) => finding.code)).toEqual(['no-tls']);
    expect(responder.handshakes()).toBe(0);
  });
});

describe('MS-SQL: TLS inside TDS pre-login', () => {
  let responder: Awaited<ReturnType<typeof startTdsResponder>>;
  beforeAll(async () => {
    responder = await startTdsResponder({ tls: tlsOptions({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }) });
  });
  afterAll(() => responder.close());

  it('lets the tedious SQL Server client verify the certificate and log in over TLS', async () => {
    const message = await new Promise<string>((resolve) => {
      const connection = new Connection({
        server: '127.0.0.1',
        authentication: { type: 'default', options: { userName: 'scan-test', password: 'not-a-real-password' } },
        options: {
          port: responder.port,
          encrypt: true,
          trustServerCertificate: false,
          cryptoCredentialsDetails: { ca: pki.rootPem },
          connectTimeout: 15_000,
        },
      });
      connection.on('connect', (error) => {
        resolve(error?.message ?? 'connected');
        connection.close();
      });
      connection.on('error', () => {});
      connection.connect();
    });
    // Our refusal reached tedious through TLS: the handshake and LOGIN7 both went through.
    expect(message).toBe(LOGIN_REFUSAL);
    expect(responder.logins()).toBe(1);
  });

  it('is scanned through the pre-login, TLS 1.2 only, with the served chain', async () => {
    const endpoint = await scanTarget(`mssql://127.0.0.1:${responder.port}`);
    expect(endpoint?.status).toBe('scanned');
    expect(endpoint?.tdsEncryption).toBe('on');
    expect(TLS_VERSIONS.filter((version) => endpoint?.versions?.[version].accepted)).toEqual(['TLSv1.2']);
    expect(endpoint?.chain?.source).toBe('wire');
    expect(endpoint?.chain?.certificates.map((certificate) => certificate.subject.split(',')[0])).toEqual([
      'CN=dc1.example.test',
      'CN=Certwright Lab Intermediate CA 1',
    ]);
  });
});

describe('MS-SQL without encryption', () => {
  let responder: Awaited<ReturnType<typeof startTdsResponder>>;
  beforeAll(async () => {
    responder = await startTdsResponder({ tls: tlsOptions(), encryption: 'notSupported' });
  });
  afterAll(() => responder.close());

  it('is reported as offering no TLS, citing the MS-SQL guideline', async () => {
    const report = await scan({
      targets: [
        { kind: 'endpoint', host: '127.0.0.1', port: responder.port, protocol: 'mssql', role: 'mssql', names: [] },
      ],
      at: AT,
    });
    const endpoint = report.endpoints[0];
    expect(endpoint?.status).toBe('failed');
    expect(endpoint?.error?.kind).toBe('no-tls');
    expect(endpoint?.findings[0]?.guideline).toBe('Port 1433: MS-SQL should be configured with SSL');
  });
});

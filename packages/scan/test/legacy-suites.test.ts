// Suites OpenSSL 3 cannot offer (3DES on Debian's build, RC4, DES, export) are asked for with the
// hand-written ClientHello. No OpenSSL on this machine can serve them either, so the peer is a
// responder written from RFC 5246 §7.4.1.3 that answers a ClientHello with a ServerHello choosing
// the first suite it likes, then an alert — all the raw probe ever reads.
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CIPHER_SUITES } from '../src/index.js';
import { enumerateSuites } from '../src/probe/enumerate-suites.js';
import { rawProbe } from '../src/probe/raw-probe.js';
import { clientHelloRecord } from '../src/tls/client-hello.js';

/** Reads the ClientHello's suites, answers with a ServerHello choosing by its own preference, or a handshake_failure alert. */
function startServerHelloResponder(
  liked: readonly number[],
  version = 0x0301,
): Promise<{ server: Server; port: number; offered: number[][] }> {
  const offered: number[][] = [];
  const server = createServer((socket) => {
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < 5 || buffer.length < 5 + buffer.readUInt16BE(3)) return;
      const hello = buffer.subarray(9); // record header (5) and handshake header (4)
      const sessionLength = hello[34] as number;
      const suitesLength = hello.readUInt16BE(35 + sessionLength);
      const suites: number[] = [];
      for (let i = 0; i < suitesLength; i += 2) suites.push(hello.readUInt16BE(37 + sessionLength + i));
      offered.push(suites);
      const chosen = liked.find((suite) => suites.includes(suite));
      if (chosen === undefined) {
        socket.end(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28]));
        return;
      }
      const body = Buffer.concat([
        Buffer.from([version >> 8, version & 0xff]),
        Buffer.alloc(32, 7),
        Buffer.from([0, chosen >> 8, chosen & 0xff, 0]),
      ]);
      const handshake = Buffer.concat([Buffer.from([0x02, 0, 0, body.length]), body]);
      socket.end(Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0, handshake.length]), handshake]));
    });
  });
  server.listen(0, '127.0.0.1');
  return once(server, 'listening').then(() => ({ server, port: (server.address() as AddressInfo).port, offered }));
}

const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

describe('the raw ClientHello probe', () => {
  it('finds 3DES and RC4 suites a server accepts in TLS 1.0, one ServerHello each, weak ones flagged', async () => {
    const liked = [0x0005, 0x000a]; // RC4-SHA, DES-CBC3-SHA, in the server's order
    const responder = await startServerHelloResponder(liked);
    servers.push(responder.server);
    const target = { host: '127.0.0.1', port: responder.port, protocol: 'tls' as const };
    // As for a server that demands client certificates: every suite goes through the raw probe.
    const suites = await enumerateSuites({ target, servername: undefined, timeoutMs: 5000 }, 'TLSv1', true);
    expect(suites.map((suite) => [suite.name, suite.probe, suite.weak])).toEqual([
      ['RC4-SHA', 'raw', ['rc4', 'static-rsa']],
      ['DES-CBC3-SHA', 'raw', ['3des', 'static-rsa', 'cbc-sha1']],
    ]);
    // Three hellos: each accepted suite is left out of the next offer, the last one is refused.
    expect(responder.offered).toHaveLength(3);
    expect(responder.offered[1]).not.toContain(0x0005);
    expect(responder.offered[2]).not.toContain(0x000a);
  });

  it('reads an alert as a refusal', async () => {
    const responder = await startServerHelloResponder([]);
    servers.push(responder.server);
    const result = await rawProbe(
      { host: '127.0.0.1', port: responder.port, protocol: 'tls' },
      { version: 0x0303, suites: [0x0004], until: 'hello', timeoutMs: 5000 },
    );
    expect(result.flight.serverHello).toBeUndefined();
    expect(result.flight.alert).toEqual({ level: 2, description: 40 });
  });

  it('writes a well-formed ClientHello record: handshake type, record length, SNI', () => {
    const hello = clientHelloRecord({ version: 0x0303, suites: [0xc02f, 0x000a], servername: 'ovoc.example.test' });
    expect(hello[0]).toBe(0x16);
    expect(Buffer.from(hello).readUInt16BE(3)).toBe(hello.length - 5);
    expect(hello[5]).toBe(0x01);
    expect(Buffer.from(hello).includes(Buffer.from('ovoc.example.test'))).toBe(true);
  });
});

describe('the cipher-suite table', () => {
  it('agrees with `openssl ciphers -V` on every suite OpenSSL knows', () => {
    const output = execFileSync('openssl', ['ciphers', '-V', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'], { encoding: 'utf8' });
    const openssl = new Map<string, { code: number; kx: string; au: string; enc: string; mac: string }>();
    for (const line of output.trim().split('\n')) {
      const parts = line.trim().split(/\s+/);
      const [high, low] = (parts[0] as string).split(',');
      const fields = Object.fromEntries(parts.slice(4).map((field) => field.split('=')));
      openssl.set(parts[2] as string, {
        code: (Number(high) << 8) | Number(low),
        kx: fields.Kx,
        au: fields.Au,
        enc: fields.Enc,
        mac: fields.Mac,
      });
    }
    const known = CIPHER_SUITES.filter((suite) => openssl.has(suite.name));
    expect(known.length).toBeGreaterThan(80);
    for (const suite of known) {
      expect({ name: suite.name, ...openssl.get(suite.name) }).toEqual({
        name: suite.name,
        code: suite.code,
        kx: suite.kx,
        au: suite.au,
        enc: suite.enc,
        mac: suite.mac,
      });
    }
    // Every suite OpenSSL lists (PSK and SRP aside) is in the table.
    const missing = [...openssl.keys()].filter(
      (name) => !/PSK|SRP/.test(name) && !CIPHER_SUITES.some((suite) => suite.name === name),
    );
    expect(missing).toEqual([]);
  });
});

describe('docs/errors.md', () => {
  it('lists every code the scan package raises or reports', () => {
    const root = fileURLToPath(new URL('../src/', import.meta.url));
    const docs = readFileSync(fileURLToPath(new URL('../../../docs/errors.md', import.meta.url)), 'utf8');
    const codes = new Set<string>();
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      for (const match of text.matchAll(/['`]((?:ERR|WARN)_[A-Z0-9_]*[A-Z0-9])['`]/g)) {
        // Node's and OpenSSL's own codes (ERR_SSL_…) are quoted as examples, not raised.
        if (!(match[1] as string).startsWith('ERR_SSL_')) codes.add(match[1] as string);
      }
    }
    expect(codes.size).toBeGreaterThan(3);
    expect([...codes].filter((code) => !docs.includes(`\`${code}\``))).toEqual([]);
    const findings = readFileSync(join(root, 'report/findings.ts'), 'utf8');
    const union = findings.slice(
      findings.indexOf('export type FindingCode ='),
      findings.indexOf(';', findings.indexOf('export type FindingCode =')),
    );
    const findingCodes = [...union.matchAll(/'([a-z-]+)'/g)].map((match) => match[1] as string);
    expect(findingCodes.length).toBeGreaterThan(10);
    for (const code of findingCodes) expect(docs).toContain(`\`${code}\``);
  });
});

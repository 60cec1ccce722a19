// Real TLS peers on loopback for the scan tests: Node TLS servers, `openssl s_server`, and
// `openssl s_client` as the reference the scan's answers are compared with.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type TlsOptions } from 'node:tls';
import { createInterface } from 'node:readline';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** A Node TLS server that completes handshakes and closes each connection after a moment. */
export async function startNodeTlsServer(options: TlsOptions, host = '127.0.0.1'): Promise<RunningServer> {
  const server = createServer(options, (socket) => {
    socket.on('error', () => {});
    socket.setTimeout(2000, () => socket.destroy());
  });
  server.on('tlsClientError', () => {});
  server.listen(0, host);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `openssl s_server` with the given arguments on a free port (read from its ACCEPT line). */
export async function startOpensslServer(args: readonly string[]): Promise<RunningServer> {
  const child = spawn('openssl', ['s_server', '-accept', '127.0.0.1:0', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`openssl s_server exited ${code}: ${stderr}`)));
    lines.on('line', (line) => {
      const match = /^ACCEPT .*:(\d+)$/.exec(line.trim());
      if (match) resolve(Number(match[1]));
    });
  });
  child.removeAllListeners('exit');
  return {
    port,
    close: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** What one `openssl s_client` handshake showed. */
export interface SClientResult {
  accepted: boolean;
  protocol?: string;
  cipher?: string;
  output: string;
}

/** One `openssl s_client` handshake (stdin closed at once), e.g. `['-tls1', '-cipher', 'ALL:@SECLEVEL=0']`. */
export function sClient(port: number, args: readonly string[]): Promise<SClientResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'openssl',
      ['s_client', '-connect', `127.0.0.1:${port}`, ...args],
      { timeout: 20_000 },
      (_error, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`;
        const cipher = /Cipher is (\S+)/.exec(output)?.[1];
        const protocol = /^\s*Protocol\s*:\s*(\S+)/m.exec(output)?.[1];
        const accepted = cipher !== undefined && cipher !== '(NONE)';
        resolve({ accepted, ...(accepted ? { cipher, protocol } : {}), output });
      },
    );
    child.stdin?.end();
  });
}

/** Runs `work` over `items`, `limit` at a time, keeping their order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** s_client's flag for each version. */
export const S_CLIENT_VERSION_FLAGS = {
  TLSv1: '-tls1',
  'TLSv1.1': '-tls1_1',
  'TLSv1.2': '-tls1_2',
  'TLSv1.3': '-tls1_3',
} as const;

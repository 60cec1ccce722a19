import { connect, type Socket } from 'node:net';
import { networkFailure, ProbeFailure } from '../probe/probe-failure.js';

/** Opens a TCP connection, or fails with a ProbeFailure (unreachable, timeout) within `timeoutMs`. */
export function connectTcp(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ProbeFailure('timeout', `no TCP connection within ${seconds(timeoutMs)}`));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(networkFailure(error) ?? new ProbeFailure('unreachable', error.message, { cause: error }));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

import type { Socket } from 'node:net';
import { networkFailure, ProbeFailure } from '../probe/probe-failure.js';
import { seconds } from './connect-tcp.js';

/** A parser's answer: a complete message and how many bytes it used, or undefined for "need more". */
export type MessageParser<T> = (buffer: Buffer) => { value: T; used: number } | undefined;

/**
 * Reads one message from a socket before TLS starts. Bytes after it are put back (unshift), so
 * whatever reads next (the TLS layer) sees them; the socket is left paused.
 */
export function readMessage<T>(socket: Socket, parse: MessageParser<T>, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('end', onEnd);
      socket.pause();
      if (error) reject(error);
    };
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      let parsed: ReturnType<MessageParser<T>>;
      try {
        parsed = parse(buffer);
      } catch (error) {
        done(new ProbeFailure('protocol', `${what}: ${(error as Error).message}`, { cause: error }));
        return;
      }
      if (parsed === undefined) return;
      done();
      if (parsed.used < buffer.length) socket.unshift(buffer.subarray(parsed.used));
      resolve(parsed.value);
    };
    const onError = (error: Error) =>
      done(networkFailure(error) ?? new ProbeFailure('protocol', `${what}: ${error.message}`, { cause: error }));
    const onEnd = () => done(new ProbeFailure('protocol', `${what}: the server closed the connection`));
    const timer = setTimeout(
      () => done(new ProbeFailure('timeout', `${what}: no answer within ${seconds(timeoutMs)}`)),
      timeoutMs,
    );
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('end', onEnd);
  });
}

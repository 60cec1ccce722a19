// What one input did to a target: returned, threw a typed Certwright error, or threw something
// else (a finding). A typed error whose message is not one short line is a finding too: messages
// reach terminals and logs, and an input must not be able to put a megabyte (or a forged line) there.
import { CertwrightError } from '@certwright/core';

/** Longer than any message Certwright writes on purpose. */
export const MAX_MESSAGE_LENGTH = 1000;

/**
 * @param {unknown} error what the target threw, or undefined when it returned
 * @returns {{ kind: 'ok' } | { kind: 'typed', code: string } | { kind: 'untyped' | 'message', signature: string, detail: string }}
 */
export function classify(error) {
  if (error === undefined) return { kind: 'ok' };
  if (error instanceof CertwrightError) {
    const message = String(error.message);
    if (message.length > MAX_MESSAGE_LENGTH || /[\r\n]/.test(message)) {
      return {
        kind: 'message',
        signature: `${error.code}: message of ${message.length} characters${/[\r\n]/.test(message) ? ' over several lines' : ''}`,
        detail: message.slice(0, 200),
      };
    }
    return { kind: 'typed', code: error.code };
  }
  const name = error instanceof Error ? error.constructor.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'untyped',
    signature: `${name}: ${normalize(message)}`,
    detail: error instanceof Error ? (error.stack ?? message).split('\n').slice(0, 6).join('\n') : message,
  };
}

/** Numbers and offsets vary between inputs of one bug; the signature groups them. */
function normalize(message) {
  return message.split('\n')[0].slice(0, 120).replace(/\d+/g, 'N');
}

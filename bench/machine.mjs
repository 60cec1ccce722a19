import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';

/** What the figures were measured on: they mean little without it. */
export function describeMachine() {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    node: process.version,
    openssl: execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim(),
  };
}

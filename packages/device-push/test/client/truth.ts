import { createPublicKey, X509Certificate } from 'node:crypto';
import type { DeviceStateSnapshot, SimulatedDevice, TlsContextState } from '../../../device-sim/src/index.js';
import type { DeviceReport } from '../../src/index.js';
import { sha256Hex } from '../../src/index.js';

export function fingerprintOf(pem: string): string {
  return sha256Hex(new Uint8Array(new X509Certificate(pem).raw));
}

/** The device's own key and certificate form a pair (checked from the simulator's real state, not the API). */
export function pairMatches(context: TlsContextState | undefined): boolean {
  if (context === undefined) return false;
  const fromKey = createPublicKey(context.privateKeyPem).export({ type: 'spki', format: 'der' });
  const fromCertificate = new X509Certificate(context.certificatePem).publicKey.export({ type: 'spki', format: 'der' });
  return fromKey.equals(fromCertificate);
}

/** What the push promised, to compare with the device's real state. */
export interface Expected {
  certificateFingerprint: string;
  rootFingerprint: string;
  parameters: Record<string, string>;
}

/**
 * Every way the report could disagree with the device's real state (empty when it tells the truth),
 * including the invariant: no device reported updated, unchanged or rolled-back holds a pair that does
 * not match or an unsaved change.
 */
export function untruths(
  device: SimulatedDevice,
  report: DeviceReport,
  initial: DeviceStateSnapshot,
  expected: Expected,
): string[] {
  const state = device.state();
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(`${device.name} ${report.state}: ${what}`);
  };
  const running = state.running.tlsContexts[0];
  const saved = state.saved.tlsContexts[0];
  const served = device.servedFingerprint();
  // A device pending a reset may reset on its own after the report: it then serves the push, as promised.
  const resetSince = report.state === 'pending-reset' && served === expected.certificateFingerprint;
  if (report.servedAfter !== undefined && !resetSince)
    check(report.servedAfter === served, 'servedAfter is not what the device serves');
  switch (report.state) {
    case 'updated':
    case 'unchanged':
      check(!state.saveNeeded, 'unsaved change');
      check(pairMatches(running) && pairMatches(saved), 'key and certificate do not match');
      check(fingerprintOf(running?.certificatePem ?? '') === expected.certificateFingerprint, 'running certificate');
      check(fingerprintOf(saved?.certificatePem ?? '') === expected.certificateFingerprint, 'saved certificate');
      check(served === expected.certificateFingerprint, 'served certificate');
      check(
        (saved?.trustedRootsPem ?? []).some((pem) => fingerprintOf(pem) === expected.rootFingerprint),
        'root not saved',
      );
      for (const [name, value] of Object.entries(expected.parameters)) {
        check(
          state.saved.parameters[name] === value && state.running.parameters[name] === value,
          `${name} not ${value}`,
        );
      }
      break;
    case 'pending-reset':
      // Loaded and saved, matching; the firmware serves it after a reset, so what is served is not checked here.
      check(!state.saveNeeded, 'unsaved change');
      check(pairMatches(running) && pairMatches(saved), 'key and certificate do not match');
      check(fingerprintOf(saved?.certificatePem ?? '') === expected.certificateFingerprint, 'saved certificate');
      check(report.command?.includes('--allow-reset') === true, 'no command that resets');
      break;
    case 'rolled-back':
      check(!state.saveNeeded, 'unsaved change');
      check(pairMatches(running) && pairMatches(saved), 'key and certificate do not match');
      check(
        running?.certificatePem === initial.running.tlsContexts[0]?.certificatePem,
        'running certificate not the previous one',
      );
      check(
        saved?.certificatePem === initial.saved.tlsContexts[0]?.certificatePem,
        'saved certificate not the previous one',
      );
      check(
        served === fingerprintOf(initial.running.tlsContexts[0]?.certificatePem ?? ''),
        'served not the previous one',
      );
      check(JSON.stringify(state.saved) === JSON.stringify(initial.saved), 'saved configuration differs from before');
      break;
    case 'failed':
      check(JSON.stringify(state.running) === JSON.stringify(initial.running), 'running configuration touched');
      check(JSON.stringify(state.saved) === JSON.stringify(initial.saved), 'saved configuration touched');
      break;
    case 'needs-attention':
      check(report.command !== undefined && report.command.length > 0, 'no command to complete the push');
      check(report.errors.length > 0, 'no error given');
      break;
  }
  return problems;
}

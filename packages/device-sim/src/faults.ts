// Fault injection: every random draw comes from a seeded generator per device, so a failing run replays exactly.
import type { FaultSettings } from './types.js';

export const DEFAULT_RESET_DOWNTIME_MS = 200;

/** mulberry32: tiny, fast and good enough to spread faults; not for anything secret. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What to do with one REST request, decided before it is handled. */
export type FaultDecision = 'drop' | 'server-error' | 'conflict' | 'none';

export class FaultPlan {
  private settings: FaultSettings;
  private readonly random: () => number;
  /** REST requests seen so far (1-based numbering for resetAfterRequest / powerLossAfterRequest). */
  private count = 0;

  constructor(settings: FaultSettings, seed: number) {
    this.settings = { ...settings };
    this.random = seededRandom(seed);
  }

  set(settings: FaultSettings): void {
    this.settings = { ...settings };
  }

  get latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  get resetDowntimeMs(): number {
    return this.settings.resetDowntimeMs ?? DEFAULT_RESET_DOWNTIME_MS;
  }

  /** Numbers the request and draws its fault; three draws every time, so one rate never shifts another's sequence. */
  next(): { number: number; decision: FaultDecision } {
    this.count++;
    const drop = this.random();
    const error = this.random();
    const conflict = this.random();
    const { dropRate = 0, serverErrorRate = 0, conflictRate = 0 } = this.settings;
    let decision: FaultDecision = 'none';
    if (drop < dropRate) decision = 'drop';
    else if (error < serverErrorRate) decision = 'server-error';
    else if (conflict < conflictRate) decision = 'conflict';
    return { number: this.count, decision };
  }

  resetsAfter(number: number): boolean {
    return this.settings.resetAfterRequest === number;
  }

  losesPowerAfter(number: number): boolean {
    return this.settings.powerLossAfterRequest === number;
  }
}

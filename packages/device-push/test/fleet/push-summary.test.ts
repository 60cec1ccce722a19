// Issue 15: one fingerprint style. The push table showed the served certificate as 16 hex digits
// and an ellipsis; every other command shows the whole SHA-256, colon-separated, upper case.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/fleet/push-fleet.js';

const plain = 'ab'.repeat(32);
const shown = 'AB:'.repeat(31) + 'AB';

describe('the push summary shows fingerprints in the one style', () => {
  it.each([
    ['updated', `serves ${shown}; verified served-certificate`],
    ['unchanged', `already serves ${shown} with everything set and saved`],
    ['pending-reset', `loaded, verified and saved; serves ${shown} until a reset (run again with --allow-reset)`],
  ] as const)('%s', (state, line) => {
    const summary = summarize({
      state,
      changes: [],
      verified: ['served-certificate'],
      servedAfter: plain,
      errors: [],
      warnings: [],
    });
    expect(summary).toBe(line);
  });

  it('a device whose served certificate is unknown shows a question mark', () => {
    expect(summarize({ state: 'updated', changes: [], verified: [], errors: [], warnings: [] })).toBe(
      'serves ?; verified ',
    );
  });
});

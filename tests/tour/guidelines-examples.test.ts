// Issue 15: the README tour and the HA example follow the OVOC security guidelines as docs/guidelines.md
// reads them. The tour test proves these lines run; this one holds them to what they must say.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePlan } from '@certwright/deploy';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../packaging/published-packages.js';

const read = (path: string) => readFile(join(repoRoot, path), 'utf8');
const context = { source: 'ha.yaml', baseDir: '/plans', home: '/home/op', knownHostsOptional: false };

/** The README tour's step-8 block: from its "# Step 8" comment to the next comment paragraph. */
async function stepEight(): Promise<string> {
  const readme = await read('README.md');
  const start = readme.indexOf('# Step 8');
  return readme.slice(start, readme.indexOf('\n\n', start));
}

describe('the README tour, step 8', () => {
  it('builds the board files with certwright device files, not by concatenating PEM files', async () => {
    const step = await stepEight();
    expect(step).toMatch(/certwright device files --from \S+ --key \S+ .*--out-dir board/);
    expect(step).not.toMatch(/\bcat [^\n]*> *board/);
    expect(step).toMatch(/--cert board\/board_cert\.pem --key board\/board_pkey\.pem .*--root board\/root\.pem/);
  });

  it("uses the simulator's own inventory and CA file, not one written by hand from its ready line", async () => {
    const step = await stepEight();
    expect(step).toContain('--inventory sim/devices.csv');
    expect(step).toContain('--ca-file sim/factory-ca.pem');
    expect(step).not.toContain('sim-ready.json).devices');
  });
});

describe('the HA example and runbook', () => {
  it('examples/ha.yaml gives each node its own key and certificate, and names the shared key as an option', async () => {
    const text = await read('examples/ha.yaml');
    const plan = await parsePlan(text, context);
    expect(plan.sharedFiles).toBe(false);
    expect(new Set(plan.nodes.map((node) => node.files.key)).size).toBe(plan.nodes.length);
    expect(new Set(plan.nodes.map((node) => node.files.dir)).size).toBe(plan.nodes.length);
    expect(text).toContain('separately on both server machines');
    expect(text).toMatch(/^#\s+files: \{ dir: \S+, key: \S+ \}/m);
  });

  it("docs/ha-rotation.md's sample plan does the same and says the shared key is Certwright's option", async () => {
    const runbook = await read('docs/ha-rotation.md');
    const sample = /```yaml\n([\s\S]*?)```/.exec(runbook)?.[1] as string;
    const plan = await parsePlan(sample, context);
    expect(plan.sharedFiles).toBe(false);
    expect(runbook).toContain('separately on both server machines');
    expect(runbook).toMatch(/shared[^.]*is a Certwright option/);
  });
});

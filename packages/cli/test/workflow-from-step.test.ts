import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

// Issue 15: `workflow run --from-step N` redoes from step N in that run only; it used to narrow every
// later run to step N on, so a change to an earlier step went unnoticed.
const QUICK = `
key: { type: ec, encrypt: false }
csr:
  subject: { cn: ovoc.test.example, o: Workflow Test, c: US }
  sans: ["dns:ovoc.test.example"]
ca: { lab: { dir: lab-ca, intermediates: 1, encrypt: false } }
verify: { host: ovoc.test.example }
`;

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFile(join(dir, 'workflow.yaml'), QUICK);
});
afterEach(async () => cleanup());

async function run(args: string[] = []) {
  const result = await cli(dir, ['workflow', 'run', '--config', 'workflow.yaml', '--json', ...args]);
  return { ...result, summary: JSON.parse(result.stdout) };
}

function statuses(summary: { steps: { step: string; status: string }[] }): Record<string, string> {
  return Object.fromEntries(summary.steps.map((step) => [step.step, step.status]));
}

describe('workflow run --from-step', () => {
  it('applies to that run only: the next plain run looks at every step again', async () => {
    expect((await run()).code).toBe(0);
    const redone = await run(['--from-step', '4']);
    expect(redone.code, redone.stderr).toBe(0);
    expect(statuses(redone.summary)).toMatchObject({ '4': 'done', '6–7': 'done' });
    expect(Object.keys(statuses(redone.summary))).not.toContain('1');

    const plain = await run();
    expect(plain.code, plain.stderr).toBe(0);
    expect(statuses(plain.summary)).toMatchObject({ '1': 'already-done', '2': 'already-done', '3': 'already-done' });

    // So a change before the redone step is noticed, not skipped.
    await writeFile(join(dir, 'workflow.yaml'), QUICK.replace('Workflow Test', 'Renamed Org'));
    const stale = await run();
    expect(stale.code).toBe(2);
    expect(stale.summary.error.code).toBe('ERR_WORKFLOW_STALE');
    expect(stale.stderr).toContain('--from-step 2');
  });

  it('is remembered as where the workflow starts only when no earlier step was ever done', async () => {
    expect((await cli(dir, ['key', 'create', '--type', 'ec', '--no-encrypt', '--out', 'server.key'])).code).toBe(0);
    expect((await run(['--from-step', '2'])).code).toBe(0);
    const redone = await run(['--from-step', '6']);
    expect(redone.code, redone.stderr).toBe(0);
    const plain = await run();
    expect(plain.code, plain.stderr).toBe(0);
    expect(statuses(plain.summary)).toMatchObject({ '2': 'already-done', '4': 'already-done' });
    expect(Object.keys(statuses(plain.summary))).not.toContain('1');
    expect(JSON.parse(await readFile(join(dir, 'workflow.state.json'), 'utf8')).firstStep).toBe(2);
  });
});

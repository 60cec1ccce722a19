// Runs every crash-safety script in this folder (each *.mjs but this one), one after another,
// and fails when any of them fails. `npm run reliability` and .ci/run call it after the tests.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const scripts = readdirSync(here)
  .filter((name) => name.endsWith('.mjs') && name !== self)
  .sort();

const failed = [];
for (const script of scripts) {
  process.stdout.write(`reliability: ${script}\n`);
  const run = spawnSync(process.execPath, [join(here, script)], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(`${script} (${run.signal ?? `exit ${run.status}`})`);
}
process.stdout.write(
  `reliability: ${scripts.length - failed.length} of ${scripts.length} script(s) passed${failed.length ? `; failed: ${failed.join(', ')}` : ''}\n`,
);
process.exit(failed.length === 0 && scripts.length > 0 ? 0 : 1);

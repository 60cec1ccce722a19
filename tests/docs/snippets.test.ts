// The TypeScript and JavaScript blocks of the docs, compiled as TypeScript (strict) against the built
// packages, each block its own module. The names a block uses without defining (a PEM it was given,
// a passphrase) are declared once, with the types a caller would really have, in PLACEHOLDERS.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { repoRoot } from '../packaging/published-packages.js';

const run = promisify(execFile);

const PLACEHOLDERS = `import type { PrivateKey } from '@certwright/core';
declare global {
  /** A key passphrase or store password from your secret store. */
  const passphrase: string;
  const password: string;
  const passwordFromYourSecretStore: string;
  /** File contents, as readFile gives them. */
  const bytes: Uint8Array;
  const p7bBytes: Uint8Array;
  const rootDer: Uint8Array;
  const adRootDer: Uint8Array;
  const stapledDer: Uint8Array;
  const keyFileBytes: Uint8Array;
  /** PEM text. */
  const serverPem: string;
  const rootPem: string;
  const caPem: string;
  const enterpriseRootPem: string;
  /** A key read with readPrivateKey. */
  const key: PrivateKey;
  function askSomehow(): Promise<string>;
  function restartTheServer(): Promise<void>;
}
export {};
`;

/** Every \`\`\`js / \`\`\`ts block of the docs pages and package READMEs, with where it came from. */
async function snippets(): Promise<Array<{ from: string; code: string }>> {
  const pages = [
    ...(await readdir(join(repoRoot, 'docs'))).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`),
    'README.md',
    ...(await readdir(join(repoRoot, 'packages'))).map((name) => `packages/${name}/README.md`),
  ];
  const found: Array<{ from: string; code: string }> = [];
  for (const page of pages) {
    const text = await readFile(join(repoRoot, page), 'utf8').catch(() => '');
    let index = 0;
    for (const match of text.matchAll(/```(?:js|ts|javascript|typescript)\n([\s\S]*?)```/g)) {
      index++;
      found.push({ from: `${page} block ${index}`, code: match[1] ?? '' });
    }
  }
  return found;
}

let project: string | undefined;
afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

test('every TypeScript/JavaScript snippet in the docs compiles against the built packages', async () => {
  const blocks = await snippets();
  expect(blocks.length).toBeGreaterThan(10);
  // Inside the repository, so '@certwright/*' resolve to the workspace packages as an installed app's would.
  await mkdir(join(repoRoot, '.vitest-temp'), { recursive: true });
  project = await mkdtemp(join(repoRoot, '.vitest-temp', 'snippets-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  await writeFile(join(project, 'placeholders.d.ts'), PLACEHOLDERS);
  const files = ['placeholders.d.ts'];
  const origin = new Map<string, string>();
  for (const [index, block] of blocks.entries()) {
    const file = `snippet-${index}.ts`;
    files.push(file);
    origin.set(file, block.from);
    await writeFile(join(project, file), `${block.code}\nexport {};\n`);
  }
  const tsconfig = {
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      lib: ['es2023'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(repoRoot, 'node_modules/@types')],
    },
    files,
  };
  await writeFile(join(project, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  const errors = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: project })
    .then(() => [])
    .catch((error: { stdout?: string }) =>
      (error.stdout ?? String(error))
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => line.replace(/^(snippet-\d+\.ts)/, (file) => origin.get(file) ?? file)),
    );
  expect(errors).toEqual([]);
});

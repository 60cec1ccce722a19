// Bundles the runtime code of the packages with esbuild after `tsc -b`
// has type-checked everything and written the declaration files.
// Why: Node 20 loads ES modules at roughly 1 ms apiece on these machines; core is ~60 small
// modules, so unbundled, importing it cost ~60 ms and `certwright` start-up ~1.5× `node -e 0`.
// Bundling keeps the source one-concept-per-file and the runtime a handful of files.
// Dependencies stay external (and lazily imported ones stay lazy), except commander, which the
// CLI inlines because every invocation needs it.
//
// Each library entry is written twice: dist/index.js (ESM) and dist/index.cjs (CommonJS), because
// Node 20 before 20.19 cannot require() an ES module. The CommonJS build keeps the lazy
// `import()` of ESM-only dependencies (asn1js), which works from CommonJS on every Node 20.
// Its declarations are a copy of dist/types under dist/types-cjs, whose package.json says
// "commonjs", so TypeScript reads them as CommonJS for `require` (not "masquerading as ESM").
import { build } from 'esbuild';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'inline',
};

/** CommonJS has no import.meta: give the bundle the URL of its own file (code finds package.json by it). */
const commonJs = {
  ...common,
  format: 'cjs',
  define: { 'import.meta.url': '__cwImportMetaUrl' },
  banner: { js: "const __cwImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/** Declarations whose source file is gone (renamed, moved) would otherwise ship forever: tsc -b never deletes. */
function pruneDeclarations(packageDir) {
  const types = join(packageDir, 'dist/types');
  if (!existsSync(types)) return;
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
        continue;
      }
      const relative = path.slice(types.length + 1);
      const source = join(packageDir, 'src', relative.replace(/\.d\.ts(\.map)?$/, '.ts'));
      if (name.endsWith('.map') || !existsSync(source)) rmSync(path);
    }
  };
  walk(types);
}

/** esbuild never deletes: chunks of an earlier build would otherwise be packed with the new ones. */
function removeChunks(packageDir) {
  const dist = join(packageDir, 'dist');
  if (!existsSync(dist)) return;
  for (const name of readdirSync(dist)) if (/^chunk-.*\.js$/.test(name)) rmSync(join(dist, name));
}

/** dist/types copied to dist/types-cjs, marked CommonJS, for the `require` condition. */
function commonJsDeclarations(packageDir) {
  const from = join(packageDir, 'dist/types');
  const to = join(packageDir, 'dist/types-cjs');
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true, filter: (path) => !path.endsWith('.map') });
  writeFileSync(join(to, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
}

/** A library package: its ESM and CommonJS entries, declarations pruned and copied for CommonJS. */
async function library(name, esm = {}) {
  const packageDir = `${root}/packages/${name}`;
  pruneDeclarations(packageDir);
  removeChunks(packageDir);
  await build({
    ...common,
    absWorkingDir: packageDir,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.js',
    packages: 'external',
    ...esm,
  });
  await build({
    ...commonJs,
    absWorkingDir: packageDir,
    entryPoints: ['src/index.ts'],
    outfile: 'dist/index.cjs',
    packages: 'external',
  });
  commonJsDeclarations(packageDir);
}

await library('core');
await library('device-push');
await library('scan');
await library('deploy');

// The simulator: its library entry and its command share a chunk; it imports no other package.
await library('device-sim', {
  entryPoints: { index: 'src/index.ts', main: 'src/main.ts' },
  outfile: undefined,
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunk-[hash]',
});

const cliExternal = [
  '@certwright/core',
  '@certwright/deploy',
  '@certwright/device-push',
  '@certwright/scan',
  '@peculiar/*',
  'pkijs',
  'asn1js',
  'reflect-metadata',
  'js-yaml',
];
pruneDeclarations(`${root}/packages/cli`);
removeChunks(`${root}/packages/cli`);
await build({
  ...common,
  absWorkingDir: `${root}/packages/cli`,
  entryPoints: ['src/main.ts', 'src/index.ts'],
  outdir: 'dist',
  // Handlers load on demand, each in its own chunk, next to the entry points (they find
  // package.json relative to themselves).
  splitting: true,
  chunkNames: 'chunk-[hash]',
  // ssh2 has optional native parts and must stay external; js-yaml is core's too, shared, not copied.
  external: cliExternal,
  // commander is CommonJS: give the bundle a `require` for the Node built-ins it asks for.
  banner: {
    js: "import { createRequire as __cwCreateRequire } from 'node:module'; const require = __cwCreateRequire(import.meta.url);",
  },
});
// The CLI as a library for CommonJS callers: one file (CommonJS has no chunks), handlers inlined.
await build({
  ...commonJs,
  absWorkingDir: `${root}/packages/cli`,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.cjs',
  external: cliExternal,
});
commonJsDeclarations(`${root}/packages/cli`);

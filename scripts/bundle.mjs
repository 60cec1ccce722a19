// Bundles the runtime code of the packages with esbuild after `tsc -b`
// has type-checked everything and written the declaration files.
// Why: Node 20 loads ES modules at roughly 1 ms apiece on these machines; core is ~60 small
// modules, so unbundled, importing it cost ~60 ms and `certwright` start-up ~1.5× `node -e 0`.
// Bundling keeps the source one-concept-per-file and the runtime a handful of files.
// Dependencies stay external (and lazily imported ones stay lazy), except commander, which the
// CLI inlines because every invocation needs it.
import { build } from 'esbuild';
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

await build({
  ...common,
  absWorkingDir: `${root}/packages/core`,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  packages: 'external',
});

await build({
  ...common,
  absWorkingDir: `${root}/packages/device-push`,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  packages: 'external',
});

// The simulator: its library entry and its command share a chunk; it imports no other package.
await build({
  ...common,
  absWorkingDir: `${root}/packages/device-sim`,
  entryPoints: { index: 'src/index.ts', main: 'src/main.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunk-[hash]',
  packages: 'external',
});

await build({
  ...common,
  absWorkingDir: `${root}/packages/cli`,
  entryPoints: ['src/main.ts', 'src/index.ts'],
  outdir: 'dist',
  // Handlers load on demand, each in its own chunk, next to the entry points (they find
  // package.json relative to themselves).
  splitting: true,
  chunkNames: 'chunk-[hash]',
  // ssh2 has optional native parts and must stay external; yaml is a plain dependency.
  external: [
    '@certwright/core',
    '@certwright/device-push',
    '@peculiar/*',
    'pkijs',
    'asn1js',
    'reflect-metadata',
    'ssh2',
    'yaml',
  ],
  // commander is CommonJS: give the bundle a `require` for the Node built-ins it asks for.
  banner: {
    js: "import { createRequire as __cwCreateRequire } from 'node:module'; const require = __cwCreateRequire(import.meta.url);",
  },
});

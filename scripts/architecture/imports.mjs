// Reads the relative and package imports of TypeScript sources: the raw material of the layering
// checks (scripts/architecture/layers.mjs) and of docs/architecture.md.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const IMPORT_SPECIFIER = /(?:from\s+|import\s*\(\s*|^\s*import\s+|export\s+\*\s+from\s+)(['"])([^'"]+)\1/gm;

/** Every `.ts` file under `dir` (declaration files excluded), as absolute paths. */
export function sourceFiles(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

/** The specifiers a source text imports or re-exports, in order. */
export function importSpecifiers(text) {
  return [...text.matchAll(IMPORT_SPECIFIER)].map((match) => match[2]);
}

/**
 * The files of `root` with what each imports: `local` as paths relative to `root` (`.js` mapped back
 * to `.ts`), `packages` as bare specifiers (`@certwright/core`, `node:fs`, `yaml`).
 */
export function readImportGraph(root) {
  return sourceFiles(root).map((file) => {
    const local = [];
    const packages = [];
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) {
        local.push(relative(root, resolve(dirname(file), specifier.replace(/\.js$/, '.ts'))));
      } else {
        packages.push(specifier);
      }
    }
    return { file: relative(root, file), local, packages };
  });
}

// docs/architecture.md must stay a true map of the tree: every package and folder named, no path
// named that is gone, and its two tables equal to the import rules the layering test applies.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_LAYERS, PACKAGE_DEPENDENCIES } from '../../scripts/architecture/layers.mjs';

const root = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');

/** The text between a `## title` heading and the next `## ` heading. */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** Every `code span` of a text. */
function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] as string);
}

/** The code spans that are repository paths: they start with one of the given top-level folders. */
function pathsNamed(text: string, topFolders: readonly string[]): string[] {
  return codeSpans(text).filter((span) => topFolders.some((top) => span.startsWith(`${top}/`)));
}

/** The folders (`a/b/`, written with a trailing slash) a text names, without the slash. */
function foldersNamed(text: string, topFolders: readonly string[]): Set<string> {
  return new Set(
    pathsNamed(text, topFolders)
      .filter((path) => path.endsWith('/'))
      .map((path) => path.slice(0, -1)),
  );
}

/** Required folders the text does not name. */
function unnamedFolders(text: string, required: readonly string[], topFolders: readonly string[]): string[] {
  const named = foldersNamed(text, topFolders);
  return required.filter((folder) => !named.has(folder));
}

/** Paths the text names that do not exist under `base`. */
function missingPaths(text: string, base: string, topFolders: readonly string[]): string[] {
  return pathsNamed(text, topFolders).filter((path) => !existsSync(join(base, path)));
}

/** Every paragraph of a folder list that begins with a folder in bold, by folder. */
function folderParagraphs(text: string): Array<{ folder: string; text: string }> {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' ').trim())
    .map((paragraph) => ({ folder: /^\*\*`([^`]+)\/`\*\*/.exec(paragraph)?.[1], text: paragraph }))
    .filter((entry): entry is { folder: string; text: string } => entry.folder !== undefined);
}

/** The paragraph of a folder list that begins with the folder in bold (`**`a/b/`**`), without line breaks. */
function folderParagraph(text: string, folder: string): string {
  return folderParagraphs(text).find((paragraph) => paragraph.folder === folder)?.text ?? '';
}

/** Every file below a folder, as paths relative to it. */
function filesBelow(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesBelow(`${dir}/${entry.name}`).map((path) => `${entry.name}/${path}`) : [entry.name],
  );
}

/**
 * True when a paragraph's file or folder name is real: `store.ts` somewhere below the folder, or a
 * path (`jks/store.ts`, `errors.ts`, `device/access-options.ts`, `files/`) from the folder or from
 * its package's source root.
 */
function fileIsIn(folder: string, file: string): boolean {
  if (existsSync(join(root, folder, file))) return true;
  if (!file.includes('/') && filesBelow(folder).some((path) => path.split('/').at(-1) === file)) return true;
  const sources = /^(.*?\/src)(\/|$)/.exec(folder)?.[1];
  return sources !== undefined && existsSync(join(root, sources, file));
}

/** True when a folder holds a file somewhere below it (an empty leftover folder is not a folder of the tree). */
function holdsFiles(dir: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some((entry) =>
    entry.isDirectory() ? holdsFiles(join(dir, entry.name)) : true,
  );
}

/** The folders directly in `dir` (relative to the repository), or at any depth with `deep`. */
function foldersIn(dir: string, deep = false): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (!entry.isDirectory() || entry.name.startsWith('.') || ['node_modules', 'dist'].includes(entry.name)) continue;
    if (!holdsFiles(join(root, path))) continue;
    found.push(path);
    if (deep) found.push(...foldersIn(path, true));
  }
  return found.sort();
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
const workspaces = manifest.workspaces;

/** Where a workspace's sources are: its tsconfig's rootDir. */
function sourceRoot(workspace: string): string {
  const tsconfig = JSON.parse(readFileSync(join(root, workspace, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { rootDir: string };
  };
  return `${workspace}/${tsconfig.compilerOptions.rootDir}`;
}

/** Top-level folders git ignores (`name/` lines of .gitignore). */
const ignored = readFileSync(join(root, '.gitignore'), 'utf8')
  .split('\n')
  .filter((line) => /^[\w.-]+\/$/.test(line))
  .map((line) => line.slice(0, -1));
const workspaceParents = new Set(workspaces.map((workspace) => workspace.split('/')[0] as string));
const topFolders = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !ignored.includes(entry.name))
  .map((entry) => entry.name)
  .filter((name) => name !== 'node_modules');

describe('the checks on the map', () => {
  const tops = ['packages', 'docs'];
  it('report a folder the text does not name, and accept one it names with its slash', () => {
    const text = 'See `packages/core/src/asn1/` and packages/core/src/keys/ (not in a code span).';
    expect(unnamedFolders(text, ['packages/core/src/asn1', 'packages/core/src/keys'], tops)).toEqual([
      'packages/core/src/keys',
    ]);
  });

  it('report a named path that does not exist, and accept the ones that do', () => {
    const text = '`packages/core/src/chain/revocation/crl-scope.ts`, `packages/core/src/gone/`, `docs/errors.md`';
    expect(missingPaths(text, root, tops)).toEqual(['packages/core/src/gone/']);
  });

  it('take a section up to the next heading of its level', () => {
    expect(section('\n## A\none\n### a\n## B\ntwo\n', 'A')).toBe('\n## A\none\n### a');
  });
});

describe('docs/architecture.md', () => {
  const folders = section(doc, 'Folders');

  it('names every package, in the package table and in the folder list', () => {
    const required = workspaces;
    expect(unnamedFolders(section(doc, 'Packages'), required, topFolders)).toEqual([]);
    expect(unnamedFolders(folders, required, topFolders)).toEqual([]);
  });

  it("names every folder of core's sources, at any depth", () => {
    expect(unnamedFolders(folders, foldersIn('packages/core/src', true), topFolders)).toEqual([]);
  });

  it("names every top folder of every other package's sources", () => {
    const required = workspaces
      .filter((workspace) => workspace !== 'packages/core')
      .flatMap((workspace) => foldersIn(sourceRoot(workspace)));
    expect(required.length).toBeGreaterThan(20);
    expect(unnamedFolders(folders, required, topFolders)).toEqual([]);
  });

  it("names every folder at the repository's top and in scripts/", () => {
    const required = [...topFolders.filter((name) => !workspaceParents.has(name)), ...foldersIn('scripts')];
    expect(required).toContain('fuzz');
    expect(unnamedFolders(folders, required, topFolders)).toEqual([]);
  });

  it('names no path that does not exist', () => {
    expect(missingPaths(doc, root, topFolders)).toEqual([]);
  });

  it('names in each folder paragraph only files and folders that exist there', () => {
    const paragraphs = folderParagraphs(folders);
    expect(paragraphs.length).toBeGreaterThan(40);
    const missing = paragraphs.flatMap(({ folder, text }) =>
      codeSpans(text)
        .filter(
          (span) =>
            (/^[\w./-]+\.(ts|mjs|json)$/.test(span) || /^[\w-]+(\/[\w-]+)*\/$/.test(span)) &&
            !topFolders.some((top) => span.startsWith(`${top}/`)),
        )
        .filter((file) => !fileIsIn(folder, file))
        .map((file) => `${folder}/: ${file}`),
    );
    expect(missing).toEqual([]);
  });

  it("has core's layer table equal to CORE_LAYERS", () => {
    const rows = section(doc, "Core's folder layers")
      .split('\n')
      .map((line) => /^\|\s*(\d+)\s*\|(.*)\|\s*$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => codeSpans(match[2] as string).map((unit) => unit.replace(/\/$/, '')));
    expect(rows).toEqual(CORE_LAYERS);
  });

  it('has the package table equal to PACKAGE_DEPENDENCIES, each package in the folder it names', () => {
    const rows = section(doc, 'Packages')
      .split('\n')
      .map((line) => /^\|\s*`(@certwright\/[^`]+)`\s*\|\s*`([^`]+)\/`\s*\|(.*)\|\s*$/.exec(line))
      .filter((match) => match !== null);
    const table = Object.fromEntries(rows.map((match) => [match[1] as string, codeSpans(match[3] as string).sort()]));
    const rules = Object.fromEntries(
      Object.entries(PACKAGE_DEPENDENCIES).map(([name, allowed]) => [name, [...allowed].sort()]),
    );
    expect(table).toEqual(rules);
    for (const match of rows) {
      const packageJson = JSON.parse(readFileSync(join(root, match[2] as string, 'package.json'), 'utf8'));
      expect(packageJson.name).toBe(match[1]);
    }
  });

  it('says in its folder list where the CRL scope check, the JKS writer and the HA rollback live', () => {
    const places = [
      {
        folder: 'packages/core/src/chain/revocation',
        file: 'crl-scope.ts',
        words: 'the CRL scope check',
        code: /RFC 5280 §6\.3\.3 \(b\)–\(e\)/,
      },
      {
        folder: 'packages/core/src/jks',
        file: 'store.ts',
        words: 'its writer',
        code: /export function encodeJksStore\(/,
      },
      {
        folder: 'packages/deploy/src/rotate',
        file: 'node-rotation.ts',
        words: 'the HA rollback',
        code: /async function rollBack\(/,
      },
    ];
    for (const { folder, file, words, code } of places) {
      const paragraph = folderParagraph(folders, folder);
      expect(paragraph).toContain(words);
      expect(codeSpans(paragraph)).toContain(file);
      expect(readFileSync(join(root, folder, file), 'utf8')).toMatch(code);
    }
  });
});

// Types for imports.mjs, for the TypeScript test that imports it.
export interface ImportNode {
  file: string;
  local: string[];
  packages: string[];
}
export function sourceFiles(dir: string): string[];
export function importSpecifiers(text: string): string[];
export function readImportGraph(root: string): ImportNode[];

// Types for layers.mjs, for the TypeScript test that imports it.
import type { ImportNode } from './imports.mjs';
export interface ImportViolation {
  file: string;
  target: string;
  reason: string;
}
export const CORE_LAYERS: string[][];
export const PACKAGE_DEPENDENCIES: Record<string, string[]>;
export function layeringViolations(graph: ImportNode[], layers: string[][]): ImportViolation[];
export function packageViolations(
  packageName: string,
  graph: ImportNode[],
  rules?: Record<string, string[]>,
): ImportViolation[];
export function importCycles(graph: ImportNode[]): string[][];

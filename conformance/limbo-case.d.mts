// Types for limbo-case.mjs, for the TypeScript test that imports it.
export interface LimboTestcase {
  id: string;
  expected_result: 'SUCCESS' | 'FAILURE';
  [field: string]: unknown;
}
export type LimboOutcome = 'pass' | 'false-reject' | 'false-accept' | 'error';
export function limboPath(env?: Record<string, string | undefined>): string;
export function loadLimbo(path?: string): LimboTestcase[] | undefined;
export function familyOf(id: string): string;
export function optionsFor(testcase: LimboTestcase): Record<string, unknown>;
export function scoreCase(
  testcase: LimboTestcase,
  validateChain: (options: never) => {
    valid: boolean;
    problems: { code: string; message: string; certificateIndex: number }[];
  },
): { outcome: LimboOutcome; detail: string };

// Types for pkits-case.mjs, for the TypeScript test that imports it.
export interface PkitsTestcase {
  id: string;
  test_number: string;
  should_validate: boolean;
  [field: string]: unknown;
}
export type PkitsOutcome = 'pass' | 'false-reject' | 'false-accept' | 'wrong-policy' | 'error';
export function pkitsPath(env?: Record<string, string | undefined>): string;
export function loadPkits(directory?: string): PkitsTestcase[] | undefined;
export function familyOf(testcase: PkitsTestcase): string;
export function policyOid(name: string): string;
export function expectedPolicySet(testcase: PkitsTestcase): string[];
export function optionsFor(testcase: PkitsTestcase): Record<string, unknown>;
export function scoreCase(
  testcase: PkitsTestcase,
  validateChain: (options: never) => {
    valid: boolean;
    policySet: string[];
    problems: { code: string; message: string; certificateIndex: number }[];
  },
): { outcome: PkitsOutcome; detail: string };

// Types for error-tables.mjs, for the TypeScript test that imports it.
export function renderArea(codes: Record<string, unknown>): string;
export function codesByArea(catalogue: Record<string, { area: string }>): Record<string, Record<string, unknown>>;
export function renderErrorTables(markdown: string, catalogue: Record<string, { area: string }>): string;

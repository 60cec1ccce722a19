import { shownCharacter } from './unsafe-character.js';

/**
 * One reader for the configuration files people write by hand — the workflow config, the HA
 * rotation plan, the device inventory — so the same fault reads the same in each:
 * `<file>: <field>: <problem>`, one line, the field named in full (`nodes[1].probe.port`).
 * Unknown fields are refused (a typo must not silently drop a setting), and a missing field
 * points at a key that looks like a typo of it. Each package raises its own error from a fault.
 */

/** What is wrong: a bad or missing value, or a field nobody asked for. */
export type ConfigFaultKind = 'invalid' | 'unknown-field';

/** One fault in a config document. */
export interface ConfigFault {
  /** The file, as the user named it. */
  source: string;
  /** The field's full path (`key.type`, `nodes[1].port`); empty for the document itself. */
  field: string;
  /** What is wrong with it, e.g. `must be a whole number from 1 to 65535`. */
  problem: string;
  kind: ConfigFaultKind;
  /** `source: field: problem`, the one line to show. */
  message: string;
}

/** How to read one document. */
export interface ConfigReaderOptions {
  /** The file's name, for messages. */
  source: string;
  /** Turns a fault into the caller's own error (with its own code); the reader throws what it returns. */
  fail: (fault: ConfigFault) => Error;
  /** Whole numbers may come as decimal text (a CSV cell), not only as numbers (YAML, JSON). */
  numbersAsText?: boolean;
}

type Mapping = Record<string, unknown>;

/** The `file: field: problem` line; the field (a key from the file) shown through configText. */
export function configFaultMessage(source: string, field: string, problem: string): string {
  return `${source}: ${configFieldProblem(field, problem)}`;
}

/** The `field: problem` part of the line (just the problem when the fault is the document's own). */
export function configFieldProblem(field: string, problem: string): string {
  return field === '' ? problem : `${configText(field, MAX_SHOWN_FIELD)}: ${problem}`;
}

/** Characters of a field's full name shown in a message (a key from the file can be a megabyte long). */
const MAX_SHOWN_FIELD = 80;

/**
 * Text from a config file (a key, a value, a parser's quote of the file) made fit for a one-line
 * message: control, line-separator and bidirectional characters written as `\uXXXX` escapes, as
 * the CLI shows names from files, and cut after `max` characters with `…`. Messages reach
 * terminals and logs: a file must not clear the screen, forge a line or fill a log.
 */
export function configText(text: string, max = 64): string {
  // A cheap cut first: a key can be a megabyte long.
  const characters = [...text.slice(0, 2 * max)];
  const shown = characters.slice(0, max).map(shownCharacter);
  const cut = characters.length > max || text.length > 2 * max;
  return `${shown.join('')}${cut ? '…' : ''}`;
}

/**
 * The fields of one mapping of a config document. Each getter names the field in full when it
 * refuses a value; `done()` refuses any field no getter asked for.
 *
 * @example
 * const top = ConfigFields.root(document, { source: 'ha.yaml', fail: (fault) => new MyError(fault.message) });
 * const port = top.integer('port', { min: 1, max: 65535, fallback: 22 });
 * top.done();
 */
export class ConfigFields {
  private readonly seen = new Set<string>();

  private constructor(
    private readonly options: ConfigReaderOptions,
    /** This mapping's path in the document; empty at the top. */
    readonly path: string,
    private readonly value: Mapping,
  ) {}

  /** The document's top mapping. */
  static root(document: unknown, options: ConfigReaderOptions): ConfigFields {
    return ConfigFields.at(document ?? {}, '', options);
  }

  private static at(value: unknown, path: string, options: ConfigReaderOptions): ConfigFields {
    if (!isMapping(value)) throw options.fail(fault(options.source, path, 'must be a mapping (key: value)', 'invalid'));
    return new ConfigFields(options, path, value);
  }

  /** The full name of a field of this mapping. */
  name(field: string): string {
    return this.path === '' ? field : `${this.path}.${field}`;
  }

  /** The caller's error for a problem with a field of this mapping (or with the mapping itself: field ''). */
  error(field: string, problem: string, kind: ConfigFaultKind = 'invalid'): Error {
    return this.options.fail(fault(this.options.source, field === '' ? this.path : this.name(field), problem, kind));
  }

  /** True when the field is present with a value (null counts as absent). */
  has(field: string): boolean {
    return this.value[field] !== undefined && this.value[field] !== null;
  }

  /** The field's value as written (null as undefined); it counts as asked for. */
  raw(field: string): unknown {
    this.seen.add(field);
    const value = this.value[field];
    return value === null ? undefined : value;
  }

  /** Fields this mapping may hold that are read elsewhere (e.g. defaults a node may override). */
  allow(...fields: string[]): void {
    for (const field of fields) this.seen.add(field);
  }

  /**
   * Declares every field this mapping may hold and refuses any other now, before a missing field
   * is reported: a misspelt `reload_cmd` is named as such, not as a missing `reload`.
   */
  only(fields: readonly string[]): void {
    this.allow(...fields);
    this.done();
  }

  /** A required field is absent: name it, and a key that looks like a typo of it. */
  missing(field: string): Error {
    const typo = Object.keys(this.value).find((key) => key !== field && !this.seen.has(key) && nearlyEqual(key, field));
    const hint = typo === undefined ? '' : `; is "${configText(this.name(typo))}" a typo of it?`;
    return this.error(field, `is required${hint}`);
  }

  /** Non-empty text; `fallback` when absent, else the field is required. A number is taken as its text. */
  text(field: string, options: { fallback?: string; oneLine?: boolean } = {}): string {
    const value = this.optionalText(field, options) ?? options.fallback;
    if (value === undefined) throw this.missing(field);
    return value;
  }

  optionalText(field: string, options: { oneLine?: boolean } = {}): string | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string' || value.trim() === '') throw this.error(field, 'must be a non-empty text');
    if (options.oneLine && /[\0\r\n]/.test(value)) throw this.error(field, 'must be one line');
    return value;
  }

  /** A whole number in [min, max]; `fallback` when absent, else the field is required. */
  integer(field: string, options: { min: number; max: number; fallback?: number }): number {
    const value = this.optionalInteger(field, options) ?? options.fallback;
    if (value === undefined) throw this.missing(field);
    return value;
  }

  optionalInteger(field: string, { min, max }: { min: number; max: number }): number | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    const number =
      typeof value === 'number'
        ? value
        : this.options.numbersAsText && typeof value === 'string' && /^\s*\d+\s*$/.test(value)
          ? Number(value)
          : Number.NaN;
    if (!Number.isInteger(number) || number < min || number > max) {
      throw this.error(field, `must be a whole number from ${min} to ${max}`);
    }
    return number;
  }

  /** true or false; `fallback` when absent. */
  boolean(field: string, fallback: boolean): boolean {
    const value = this.raw(field) ?? fallback;
    if (typeof value !== 'boolean') throw this.error(field, 'must be true or false');
    return value;
  }

  /** One of fixed values; `fallback` (or undefined) when absent. */
  choice<T extends string | number>(field: string, choices: readonly T[], fallback?: T): T | undefined {
    const value = this.raw(field) ?? fallback;
    if (value === undefined) return undefined;
    const chosen = choices.find((candidate) => candidate === value);
    if (chosen === undefined) throw this.error(field, `must be one of ${choices.join(', ')}`);
    return chosen;
  }

  /** A text or a list of texts; absent: an empty list. */
  texts(field: string): string[] {
    const value = this.raw(field);
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((item, index) => {
      if (typeof item !== 'string' || item.trim() === '') {
        throw this.error(`${field}[${index + 1}]`, 'must be a non-empty text');
      }
      return item;
    });
  }

  /** A nested mapping, or undefined when absent. */
  section(field: string): ConfigFields | undefined {
    const value = this.raw(field);
    return value === undefined ? undefined : ConfigFields.at(value, this.name(field), this.options);
  }

  /** A nested mapping, or an empty one named as if it were there (for defaults nobody wrote). */
  sectionOrEmpty(field: string): ConfigFields {
    return this.section(field) ?? new ConfigFields(this.options, this.name(field), {});
  }

  /** A nested mapping that must be there. */
  requiredSection(field: string): ConfigFields {
    const section = this.section(field);
    if (section === undefined) throw this.missing(field);
    return section;
  }

  /** A list of mappings (`nodes`), each named by its place (`nodes[0]`); absent: an empty list. */
  sections(field: string): ConfigFields[] {
    const value = this.raw(field);
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw this.error(field, 'must be a list');
    return value.map((item, index) => ConfigFields.at(item, `${this.name(field)}[${index}]`, this.options));
  }

  /** A copy of this mapping with `under`'s fields filling what it lacks, read as this mapping. */
  over(under: ConfigFields): ConfigFields {
    return new ConfigFields(this.options, this.path, { ...under.value, ...this.value });
  }

  /** Call last: any field nobody asked for is a typo or a setting this version does not know. */
  done(): void {
    const unknown = Object.keys(this.value).find((key) => !this.seen.has(key));
    if (unknown === undefined) return;
    const expected = [...this.seen].join(', ');
    throw this.error(unknown, `unknown field (expected one of ${expected})`, 'unknown-field');
  }
}

function fault(source: string, field: string, problem: string, kind: ConfigFaultKind): ConfigFault {
  return { source, field, problem, kind, message: configFaultMessage(source, field, problem) };
}

function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True when two field names differ by at most one edit (a letter added, dropped, changed or swapped). */
function nearlyEqual(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const swapped = x[i] === y[i + 1] && x[i + 1] === y[i] && x.slice(i + 2) === y.slice(i + 2);
  return swapped || x.slice(i + 1) === y.slice(i + 1) || x.slice(i) === y.slice(i + 1) || x.slice(i + 1) === y.slice(i);
}

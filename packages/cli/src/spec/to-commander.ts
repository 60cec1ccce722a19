import { Command, InvalidArgumentError, Option } from 'commander';
import type { CommandSpec, OptionsOf } from './command-spec.js';
import { exampleLines, helpFooter } from './help-footer.js';
import type { OptionDefinition } from './option-spec.js';

/** commander's name for an option's value: `--out-dir` → `outDir`. */
function camel(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

const SECRET_SOURCES = ['file', 'env', 'fd'] as const;

/** The spec each command was built from, for the tests that hold commands to their specs. */
const specs = new WeakMap<Command, CommandSpec>();

/** The spec a commander command was built from; undefined for a group (`certwright key`). */
export function specOf(command: Command): CommandSpec | undefined {
  return specs.get(command);
}

/** The commander value names one declared option fills (a secret fills three). */
function attributesOf(definition: OptionDefinition): string[] {
  if (definition.spec.form !== 'secret') return [camel(definition.flag)];
  return SECRET_SOURCES.map((source) => camel(`${definition.flag}-${source}`));
}

/** A parse function's message becomes commander's "argument … is invalid. <message>". */
function commanderParser(parse: (word: string) => unknown): (word: string) => unknown {
  return (word) => {
    try {
      return parse(word);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The commander options of one declaration, conflicts not yet set. */
function commanderOptions(definition: OptionDefinition): Option[] {
  const { flag, help, spec } = definition;
  switch (spec.form) {
    case 'flag':
      return [new Option(`--${flag}`, help)];
    case 'negated':
      return [new Option(`--no-${flag}`, help)];
    case 'list': {
      const option = new Option(`--${flag} ${spec.placeholder}`, help).argParser(collect);
      return [definition.required ? option.makeOptionMandatory() : option];
    }
    case 'secret': {
      const fd = new Option(`--${flag}-fd <n>`, `read the ${spec.what} from an open file descriptor`);
      return [
        new Option(`--${flag}-file <file>`, `read the ${spec.what} from the first line of a file`),
        new Option(`--${flag}-env <var>`, `read the ${spec.what} from an environment variable`),
        fd.argParser(commanderParser((word) => (/^\d+$/.test(word) ? Number(word) : fail('must be a whole number')))),
      ];
    }
    case 'value': {
      const option = new Option(`--${flag} ${spec.placeholder}`, help);
      if (spec.choices !== undefined) option.choices(spec.choices);
      // After choices(): the help still lists them, and the parser maps the word to its value.
      if (spec.parse !== undefined) option.argParser(commanderParser(spec.parse));
      if (definition.defaultValue !== undefined) option.default(definition.defaultValue);
      if (definition.required) option.makeOptionMandatory();
      return [option];
    }
  }
}

function fail(message: string): never {
  throw new Error(message);
}

/** The typed value of one declaration from commander's parsed values. */
function parsedValue(definition: OptionDefinition, parsed: Record<string, unknown>): unknown {
  const attribute = camel(definition.flag);
  switch (definition.spec.form) {
    case 'flag':
      return parsed[attribute] === true;
    case 'negated':
      return parsed[attribute] !== false;
    case 'list':
      return parsed[attribute] ?? [];
    case 'secret':
      return {
        file: parsed[camel(`${definition.flag}-file`)],
        env: parsed[camel(`${definition.flag}-env`)],
        fd: parsed[camel(`${definition.flag}-fd`)],
      };
    case 'value':
      return parsed[attribute];
  }
}

/**
 * Commands made by name and description only, with what declares the rest. Declaring every
 * command's options costs a start-up that `--version` or one command never uses.
 */
const undeclared = new WeakMap<Command, () => void>();

/**
 * The commander command a spec declares. When commander has parsed a command line for it, the
 * typed options object goes to `onParsed`; nothing of commander reaches past this file.
 * With `onDemand`, only its name and description are set now; `declareInFull` declares the rest
 * (`declareOnDemand` arranges that for a whole program).
 */
export function commanderCommand<S extends CommandSpec>(
  spec: S,
  onParsed: (options: OptionsOf<S>) => Promise<void>,
  { onDemand = false }: { onDemand?: boolean } = {},
): Command {
  const command = new Command(spec.path[spec.path.length - 1]).description(spec.description);
  specs.set(command, spec);
  if (onDemand) undeclared.set(command, () => declareSpec(command, spec, onParsed));
  else declareSpec(command, spec, onParsed);
  return command;
}

/** Declares the arguments, options, help footer and action of a command made on demand (once). */
export function declareInFull(command: Command): void {
  const declare = undeclared.get(command);
  if (declare === undefined) return;
  undeclared.delete(command);
  declare();
}

/** Declares every command of a program made on demand: for readers of the whole tree (completion). */
export function declareEverything(command: Command): void {
  declareInFull(command);
  for (const sub of command.commands) declareEverything(sub);
}

/**
 * Commands are declared in full just before commander needs more than their names: a command the
 * parser dispatches to (commander's preSubcommand hook, on every command with subcommands), and a
 * command whose help is shown, with its subcommands, whose usage the help lists ("beforeAllHelp"
 * reaches the program from every command's help).
 */
export function declareOnDemand(program: Command): void {
  const hookDispatch = (command: Command): void => {
    if (command.commands.length === 0) return;
    command.hook('preSubcommand', (_parent, sub) => declareInFull(sub));
    for (const sub of command.commands) hookDispatch(sub);
  };
  hookDispatch(program);
  program.on('beforeAllHelp', ({ command }: { command: Command }) => {
    declareInFull(command);
    for (const sub of command.commands) declareInFull(sub);
  });
}

/** Declares a spec's arguments, options, help footer and action on its command. */
function declareSpec<S extends CommandSpec>(
  command: Command,
  spec: S,
  onParsed: (options: OptionsOf<S>) => Promise<void>,
): void {
  for (const { definition } of Object.values(spec.arguments)) command.argument(definition.syntax, definition.help);
  const declared = Object.entries(spec.options).map(([key, { definition }]) => ({ key, definition }));
  const attributesByKey = new Map(declared.map(({ key, definition }) => [key, attributesOf(definition)]));
  for (const { definition } of declared) {
    const options = commanderOptions(definition);
    const own = options.map((option) => option.attributeName());
    const others = definition.conflicts.flatMap((key) => {
      const attributes = attributesByKey.get(key);
      if (attributes === undefined) throw new Error(`${spec.path.join(' ')}: conflicts names no option "${key}"`);
      return attributes;
    });
    // The sources of one secret exclude each other.
    for (const option of options)
      command.addOption(option.conflicts([...own.filter((name) => name !== option.attributeName()), ...others]));
  }
  command.addHelpText('after', helpFooter(exampleLines(spec.examples), spec.exitCodes));
  command.action(async () => {
    const parsed = command.opts<Record<string, unknown>>();
    const values: Record<string, unknown> = {};
    Object.keys(spec.arguments).forEach((key, index) => {
      values[key] = command.processedArgs[index];
    });
    for (const { key, definition } of declared) values[key] = parsedValue(definition, parsed);
    // The one place the parsed values meet their declared types; each was checked by its parser above.
    await onParsed(values as OptionsOf<S>);
  });
}

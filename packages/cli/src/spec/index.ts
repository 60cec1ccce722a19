// The vocabulary of a command declaration, in one import.
export { argument, variadic } from './argument-spec.js';
export { type CommandSpec, commandSpec, type OptionsOf } from './command-spec.js';
export { choice, flag, integer, list, mapped, negated, secret, text } from './option-spec.js';

import { argument, commandSpec, type OptionsOf } from '../spec/index.js';

/** The shells `certwright completion` writes a script for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;

/** `certwright completion`: a shell completion script derived from the command tree. */
export const completionSpec = commandSpec({
  path: ['completion'],
  description: 'Print a shell completion script for certwright: bash, zsh or fish',
  arguments: { shell: argument('<shell>', `the shell: ${COMPLETION_SHELLS.join(', ')}`) },
  options: {},
  examples: `
    certwright completion bash > ~/.local/share/bash-completion/completions/certwright
    certwright completion zsh > "\${fpath[1]}/_certwright"
    certwright completion fish > ~/.config/fish/completions/certwright.fish
  `,
  exitCodes: [0, 2, 70],
});

export type CompletionOptions = OptionsOf<typeof completionSpec>;

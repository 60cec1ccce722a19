import { commandSpec, flag, type OptionsOf, secret, text } from '../spec/index.js';

/** `certwright rotate`: workflow step 5 on an OVOC HA pair, one node at a time, over SSH. */
export const rotateSpec = commandSpec({
  path: ['rotate'],
  description:
    'Rotate the server certificates of an OVOC HA pair over SSH/SFTP, one node at a time: swap, reload, probe, roll back on failure (step 5)',
  options: {
    plan: text(
      '--plan <file>',
      'the rotation plan (YAML): before/after commands, nodes, files; see docs/ha-rotation.md',
    ).required(),
    journal: text('--journal <file>', 'where the run records its progress (default: the plan path + ".journal")'),
    dryRun: flag('--dry-run', 'print every action and change nothing (no connection is made)'),
    resume: flag('--resume', 'continue the run the journal records (after a crash, a kill or a fixed failure)'),
    insecureSkipHostKeyCheck: flag(
      '--insecure-skip-host-key-check',
      "do NOT verify the nodes' SSH host keys against known_hosts",
    ),
    passphrase: secret('passphrase', 'passphrase of the server private key'),
    sshPassphrase: secret('ssh-passphrase', 'passphrase of the SSH identity key'),
    json: flag('--json', 'print the report as JSON on stdout'),
  },
  examples: `
    certwright rotate --plan ha.yaml --dry-run
    certwright rotate --plan ha.yaml --passphrase-file key-pass.txt --ssh-passphrase-env SSH_KEY_PASS
    certwright rotate --plan ha.yaml --resume --json
  `,
  exitCodes: [0, 1, 2, 3, 4, 5, 70],
});

export type RotateOptions = OptionsOf<typeof rotateSpec>;

import { Command } from 'commander';
import type { CsrShowOptions } from '../../actions/csr/show.js';
import type { Runner } from '../../runner.js';
import { helpFooter } from '../options.js';

/** `certwright csr show`: step 3, what to hand to the CA. */
export function csrShowCommand(runner: Runner): Command {
  return new Command('show')
    .description(
      'Show a CSR to send to the CA (step 3): PEM, SHA-256 fingerprint, subject, SANs, key and lint findings',
    )
    .argument('<csr>', 'the CSR file (PEM or DER)')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      helpFooter(['certwright csr show server.csr', 'certwright csr show server.csr --json | jq .lint'], [0, 2, 3, 70]),
    )
    .action(async (csr: string, raw: Record<string, unknown>) =>
      runner.run(
        'csr show',
        toCsrShowOptions(csr, raw),
        async () => (await import('../../actions/csr/show.js')).csrShow,
      ),
    );
}

export function toCsrShowOptions(csr: string, raw: Record<string, unknown>): CsrShowOptions {
  return { csr, json: raw.json === true };
}

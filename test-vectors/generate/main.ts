import { parseArgs } from 'node:util';
import { generateVectors, VECTORS_ROOT } from './vectors.js';

const USAGE = `usage: npm run generate -w @certwright/test-vectors -- [--out DIR] [--fresh-keys]

  --out DIR      write keys/, csrs/, chains/, chains-options/ and ocsp/ under DIR (default: ${VECTORS_ROOT}); existing
                 keys in DIR/keys are reused
  --fresh-keys   generate new keys even where key files exist: every certificate and CSR changes
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'fresh-keys': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const outDir = values.out ?? VECTORS_ROOT;
  const { csrs, chains, chainsOptions, ocsp } = await generateVectors({ outDir, freshKeys: values['fresh-keys'] });
  const chainCount = chains.length + chainsOptions.length;
  process.stdout.write(
    `wrote ${csrs.length} CSR cases, ${chainCount} chain cases and ${ocsp.length} OCSP cases under ${outDir}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

// `npm run docs:errors`: rewrites docs/errors.md's code tables from the built core's catalogue.
import { readFile, writeFile } from 'node:fs/promises';
import { ERROR_CATALOGUE } from '../../packages/core/dist/index.js';
import { renderErrorTables } from './error-tables.mjs';

const path = new URL('../../docs/errors.md', import.meta.url);
await writeFile(path, renderErrorTables(await readFile(path, 'utf8'), ERROR_CATALOGUE));

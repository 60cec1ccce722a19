/**
 * Reading the files a user names and writing outputs (atomic, 0600 keys, nothing overwritten
 * without --force, several files swapped in as one set): @certwright/deploy's, so the workflow
 * engine writes exactly as the commands do.
 */
export {
  assertUserDirectory,
  assertWritable,
  ensureDirectory,
  type PlannedWrite,
  PRIVATE_MODE,
  PUBLIC_MODE,
  readUserFile,
  removeFiles,
  writeFileAtomic,
  writeFilesAtomic,
} from '@certwright/deploy';

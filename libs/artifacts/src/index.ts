export type {
  ObjectStore,
  StorageDriver,
  PutObjectOptions,
  PutObjectResult,
  GetObjectOptions,
  ObjectStat,
  ListedObject,
  DownloadUrlOptions,
} from './object-store.js';
export { assertValidKey, assertValidPrefix, maxKeyLength } from './object-key.js';
export { HashingPassThrough, sha256OfStream } from './hashing-pass-through.js';
export { verifySha256 } from './sha256-verifier.js';
export { LocalObjectStore } from './local/local-object-store.js';
export type { S3ObjectStoreOptions } from './s3/s3-object-store.js';
export { createObjectStore, type ObjectStoreConfig } from './create-object-store.js';
export { packDirectory, type PackDirectoryOptions } from './archive/pack-directory.js';
export { autoCompression, type ArchiveCompression, type ArchiveFormat } from './archive/archive-compression.js';
export { extractArchive, type ExtractResult } from './archive/extract-archive.js';
export { readArchiveEntries } from './archive/read-archive-entries.js';
export type { ArchiveLimits } from './archive/guarded-entries.js';
export { parseIgnorePatterns, isIgnored, type IgnoreRule } from './archive/ignore-patterns.js';
export { normalizeArchivePath } from './archive/archive-path.js';

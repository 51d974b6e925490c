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
export { S3ObjectStore, type S3ObjectStoreOptions } from './s3/s3-object-store.js';
export { maxS3ObjectBytes } from './s3/s3-streaming-upload.js';
export { createObjectStore, type ObjectStoreConfig } from './create-object-store.js';

import type { Readable } from 'node:stream';

export type StorageDriver = 'local' | 's3';

export interface PutObjectOptions {
  contentType?: string;
}

export interface PutObjectResult {
  key: string;
  size: number;
  /** Lowercase hex SHA-256 of the bytes stored, computed while streaming. */
  sha256: string;
}

export interface GetObjectOptions {
  /**
   * Verify the content while it streams. On mismatch the returned stream emits a
   * DomainError('conflict', 'sha256 mismatch for <key>: …') after the last byte, so a
   * consumer must treat the stream as failed even if it already received every byte.
   */
  expectSha256?: string;
}

export interface ObjectStat {
  size: number;
  /** Absent when the object was written by something other than this lib (or a put crashed before recording it). */
  sha256?: string;
  contentType?: string;
}

export interface ListedObject {
  key: string;
  size: number;
}

export interface DownloadUrlOptions {
  /** Lifetime of the signed URL, 1 s … 7 days (the S3 maximum). */
  expiresSeconds: number;
}

/**
 * A flat key → bytes store. Keys look like relative POSIX paths (`apps/a1/v1/web.tar.gz`).
 * Every method streams: no implementation holds a whole object in memory.
 * Errors are DomainErrors: `bad_request` (invalid key), `not_found` (get of a missing key),
 * `conflict` (sha256 mismatch, key clashes with a "directory" on the local driver),
 * `payload_too_large`, `service_unavailable` (storage unreachable).
 */
export interface ObjectStore {
  readonly driver: StorageDriver;
  /** Creates what the store needs (directories, the bucket). Call once at boot. */
  ensureReady(): Promise<void>;
  /** Throws DomainError('service_unavailable') when the storage cannot be reached. */
  ping(): Promise<void>;
  put(key: string, body: Readable | Buffer, opts?: PutObjectOptions): Promise<PutObjectResult>;
  /** Throws DomainError('not_found') when the key does not exist. */
  get(key: string, opts?: GetObjectOptions): Promise<Readable>;
  stat(key: string): Promise<ObjectStat | undefined>;
  exists(key: string): Promise<boolean>;
  /** Idempotent: deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Every object whose key starts with `prefix` (plain string prefix, recursive). Local
   * storage, MinIO and S3 yield keys in sorted order; s3rver (tests only) does not.
   */
  list(prefix: string): AsyncIterable<ListedObject>;
  /** A URL a client may download from directly, or undefined when callers must proxy through get(). */
  downloadUrl(key: string, opts: DownloadUrlOptions): Promise<string | undefined>;
}

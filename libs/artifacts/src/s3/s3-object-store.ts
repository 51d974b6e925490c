import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Client } from 'minio';
import { DomainError } from '@appmanager/contracts';
import { assertValidKey, assertValidPrefix } from '../object-key.js';
import type {
  DownloadUrlOptions,
  GetObjectOptions,
  ListedObject,
  ObjectStat,
  ObjectStore,
  PutObjectOptions,
  PutObjectResult,
} from '../object-store.js';
import { verifySha256 } from '../sha256-verifier.js';
import { toDomainError } from './s3-error-mapping.js';
import { maxS3ObjectBytes, uploadStreamWithDigest } from './s3-streaming-upload.js';

export interface S3ObjectStoreOptions {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
  /** Multipart part size, i.e. the memory one streaming put holds. Default 8 MiB (S3 minimum 5 MiB). */
  partSizeBytes?: number;
  /** How long ping() waits before reporting the storage unavailable. Default 5 s. */
  pingTimeoutMs?: number;
}

const maxPresignSeconds = 7 * 24 * 3600;

/** Objects in one S3 bucket (MinIO, AWS, s3rver in tests), via the minio client. */
export class S3ObjectStore implements ObjectStore {
  readonly driver = 's3' as const;
  private readonly client: Client;
  private readonly bucket: string;
  private readonly region: string;
  private readonly endpoint: string;
  private readonly partSize: number;
  private readonly pingTimeoutMs: number;

  constructor(options: S3ObjectStoreOptions) {
    this.client = new Client({
      endPoint: options.endPoint,
      port: options.port,
      useSSL: options.useSSL,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      region: options.region,
      pathStyle: true, // MinIO and s3rver serve buckets as paths, not as DNS names
    });
    this.bucket = options.bucket;
    this.region = options.region;
    this.endpoint = `${options.useSSL ? 'https' : 'http'}://${options.endPoint}:${options.port}`;
    this.partSize = Math.max(options.partSizeBytes ?? 8 * 1024 ** 2, 5 * 1024 ** 2);
    this.pingTimeoutMs = options.pingTimeoutMs ?? 5_000;
  }

  async ensureReady(): Promise<void> {
    await this.call(async () => {
      if (await this.client.bucketExists(this.bucket)) return;
      await this.client.makeBucket(this.bucket, this.region).catch((error: { code?: string }) => {
        // Another service booting at the same moment may have created it first.
        if (error.code !== 'BucketAlreadyOwnedByYou' && error.code !== 'BucketAlreadyExists') throw error;
      });
    });
  }

  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DomainError('service_unavailable', `object storage unreachable at ${this.endpoint}: no answer within ${this.pingTimeoutMs} ms`)),
        this.pingTimeoutMs,
      );
    });
    try {
      const exists = await Promise.race([this.call(() => this.client.bucketExists(this.bucket)), timeout]);
      if (!exists) throw new DomainError('service_unavailable', `object storage at ${this.endpoint} has no bucket ${this.bucket}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async put(key: string, body: Readable | Buffer, opts: PutObjectOptions = {}): Promise<PutObjectResult> {
    assertValidKey(key);
    if (Buffer.isBuffer(body)) {
      // Already in memory: the digest is known up front, so one PUT carries it.
      if (body.length > maxS3ObjectBytes) throw new DomainError('payload_too_large', `object ${key} exceeds ${maxS3ObjectBytes} bytes`);
      const sha256 = createHash('sha256').update(body).digest('hex');
      const metadata: Record<string, string> = { sha256 };
      if (opts.contentType) metadata['Content-Type'] = opts.contentType;
      await this.call(() => this.client.putObject(this.bucket, key, body, body.length, metadata), key);
      return { key, size: body.length, sha256 };
    }
    const call = <T>(operation: () => Promise<T>) => this.call(operation, key);
    const target = { client: this.client, bucket: this.bucket, key, contentType: opts.contentType, partSize: this.partSize, call };
    const { size, sha256 } = await uploadStreamWithDigest(target, body);
    return { key, size, sha256 };
  }

  async get(key: string, opts: GetObjectOptions = {}): Promise<Readable> {
    assertValidKey(key);
    const stream = await this.call(() => this.client.getObject(this.bucket, key), key);
    return opts.expectSha256 ? verifySha256(stream, key, opts.expectSha256) : stream;
  }

  async stat(key: string): Promise<ObjectStat | undefined> {
    assertValidKey(key);
    try {
      const stat = await this.call(() => this.client.statObject(this.bucket, key), key);
      const meta = stat.metaData as Record<string, string | undefined>;
      return { size: stat.size, sha256: meta['sha256'], contentType: meta['content-type'] };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') return undefined;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== undefined;
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.call(() => this.client.removeObject(this.bucket, key), key);
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    assertValidPrefix(prefix);
    // Recursive (no delimiter): s3rver cannot list with a delimiter below one level.
    const items = this.client.listObjects(this.bucket, prefix, true);
    try {
      for await (const item of items) {
        if (item.name !== undefined) yield { key: item.name, size: item.size };
      }
    } catch (error) {
      throw toDomainError(error, this.endpoint);
    }
  }

  async downloadUrl(key: string, opts: DownloadUrlOptions): Promise<string> {
    assertValidKey(key);
    const seconds = opts.expiresSeconds;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > maxPresignSeconds) {
      const message = `must be an integer from 1 to ${maxPresignSeconds}`;
      throw new DomainError('bad_request', `invalid expiresSeconds: ${message}`, [{ path: 'expiresSeconds', message }]);
    }
    return this.call(() => this.client.presignedGetObject(this.bucket, key, seconds), key);
  }

  private async call<T>(operation: () => Promise<T>, key?: string): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw toDomainError(error, this.endpoint, key);
    }
  }
}

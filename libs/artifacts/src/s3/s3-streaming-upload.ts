import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopyDestinationOptions, CopySourceOptions, type Client } from 'minio';
import { DomainError } from '@appmanager/contracts';

/** S3 CopyObject copies at most 5 GiB in one request; see why copy is used below. */
export const maxS3ObjectBytes = 5 * 1024 ** 3;

export interface StreamingUploadTarget {
  client: Client;
  bucket: string;
  key: string;
  contentType: string | undefined;
  /** Bytes buffered per part: the upload's whole memory footprint (at least 5 MiB, the S3 minimum). */
  partSize: number;
  /** Wraps each storage call (error mapping). Errors of the source stream are not storage errors and pass through as they are. */
  call: <T>(operation: () => Promise<T>) => Promise<T>;
}

/**
 * Uploads a stream of unknown length with constant memory and records its SHA-256 as
 * `x-amz-meta-sha256`.
 *
 * Why not minio's putObject: for a stream of unknown size it picks a ~560 MiB part size
 * and buffers whole parts (memory), reads streams smaller than a part into one buffer,
 * and first lists in-progress multipart uploads to "resume" one — s3rver does not
 * implement that listing (and resuming another writer's upload of the same key is wrong
 * for us anyway). So parts are driven here with the client's lower-level calls.
 *
 * Why the digest is set by copy: S3 metadata is fixed when an upload starts, but the
 * digest is known only after the last byte. An object that fits in one part is buffered
 * (≤ partSize) and sent with the digest in a single PUT. A larger one is completed
 * first and then copied onto itself with the digest (metadata directive REPLACE); the
 * copy is conditional on the ETag just written, so if another put replaced the object in
 * between, the copy fails instead of labelling someone else's bytes. MinIO performs such
 * a self-copy as a metadata update; AWS copies server-side. A sidecar `<key>.sha256`
 * object was the alternative, but it can drift from its object and pollutes listings.
 */
export async function uploadStreamWithDigest(target: StreamingUploadTarget, source: Readable): Promise<{ size: number; sha256: string }> {
  const { client, bucket, key, contentType, partSize, call } = target;
  const hash = createHash('sha256');
  let size = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let uploadId: string | undefined;
  const parts: { part: number; etag: string }[] = [];

  const flushPart = async (): Promise<void> => {
    uploadId ??= await call(() => client.initiateNewMultipartUpload(bucket, key, contentType ? { 'Content-Type': contentType } : {}));
    const payload = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    const part = parts.length + 1;
    const partRequest = { bucketName: bucket, objectName: key, uploadID: uploadId, partNumber: part, headers: {} };
    const { etag } = await call(() => client.uploadPart(partRequest, payload));
    parts.push({ part, etag });
  };

  try {
    // Awaiting each part inside the loop stops reading meanwhile: that is the backpressure.
    for await (const chunk of source) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      hash.update(buffer);
      size += buffer.length;
      if (size > maxS3ObjectBytes) {
        throw new DomainError('payload_too_large', `object ${key} exceeds the ${maxS3ObjectBytes} byte limit of the s3 driver`, [
          { path: 'body', message: `larger than ${maxS3ObjectBytes} bytes` },
        ]);
      }
      pending.push(buffer);
      pendingBytes += buffer.length;
      if (pendingBytes >= partSize) await flushPart();
    }
    const sha256 = hash.digest('hex');
    if (uploadId === undefined) {
      const metadata: Record<string, string> = { sha256 };
      if (contentType) metadata['Content-Type'] = contentType;
      const body = Buffer.concat(pending, pendingBytes);
      await call(() => client.putObject(bucket, key, body, body.length, metadata));
      return { size, sha256 };
    }
    if (pendingBytes > 0) await flushPart();
    const completeId = uploadId;
    const { etag } = await call(() => client.completeMultipartUpload(bucket, key, completeId, parts));
    uploadId = undefined; // completed: nothing to abort any more
    await call(() =>
      client.copyObject(
        new CopySourceOptions({ Bucket: bucket, Object: key, MatchETag: etag }),
        new CopyDestinationOptions({
          Bucket: bucket,
          Object: key,
          MetadataDirective: 'REPLACE',
          UserMetadata: { sha256 },
          Headers: contentType ? { 'Content-Type': contentType } : {},
        }),
      ),
    );
    return { size, sha256 };
  } catch (error) {
    // Best effort: s3rver does not implement abort, and a lifecycle rule on real S3/MinIO
    // ("abort incomplete multipart uploads after N days") is the backstop after a crash.
    if (uploadId !== undefined) await client.abortMultipartUpload(bucket, key, uploadId).catch(() => undefined);
    throw error;
  }
}

import type { InfraConfig } from '@appmanager/config';
import { LocalObjectStore } from './local/local-object-store.js';
import type { ObjectStore } from './object-store.js';

/** The part of the validated environment the object store needs. */
export type ObjectStoreConfig = Pick<
  InfraConfig,
  'STORAGE_DRIVER' | 'STORAGE_DIR' | 'S3_ENDPOINT' | 'S3_PORT' | 'S3_USE_SSL' | 'S3_ACCESS_KEY' | 'S3_SECRET_KEY' | 'S3_BUCKET' | 'S3_REGION'
>;

/**
 * Picks the driver named by STORAGE_DRIVER. Call ensureReady() on the result before use.
 * The S3 driver is imported only when chosen: the minio client costs every process
 * ~40 MiB of RSS, and the local directory is the default.
 */
export async function createObjectStore(config: ObjectStoreConfig): Promise<ObjectStore> {
  if (config.STORAGE_DRIVER === 's3') {
    const { S3ObjectStore } = await import('./s3/s3-object-store.js');
    return new S3ObjectStore({
      endPoint: config.S3_ENDPOINT,
      port: config.S3_PORT,
      useSSL: config.S3_USE_SSL,
      accessKey: config.S3_ACCESS_KEY,
      secretKey: config.S3_SECRET_KEY,
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
    });
  }
  return new LocalObjectStore(config.STORAGE_DIR);
}

import type { Provider } from '@nestjs/common';
import { createObjectStore, type ObjectStore } from '@appmanager/artifacts';
import type { InfraConfig } from '@appmanager/config';
import { CONFIG, OBJECT_STORE } from '@appmanager/bootstrap';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config/registry-env.schema.js';

export const MARKET_STORE = Symbol('MARKET_STORE');

/**
 * Where the market lives. Several installations (units) share it by pointing
 * MARKET_STORAGE_DIR at one directory or MARKET_S3_BUCKET at one bucket; without either,
 * the market is this installation's own object storage. Keys are always under `market/`.
 */
export const marketStoreProvider: Provider = {
  provide: MARKET_STORE,
  inject: [REGISTRY_CONFIG, CONFIG, OBJECT_STORE],
  useFactory: async (registry: RegistryConfig, infra: InfraConfig, own: ObjectStore): Promise<ObjectStore> => {
    let store: ObjectStore = own;
    // `await` also covers a synchronous createObjectStore.
    if (registry.MARKET_STORAGE_DIR) store = await createObjectStore({ ...infra, STORAGE_DRIVER: 'local', STORAGE_DIR: registry.MARKET_STORAGE_DIR });
    else if (registry.MARKET_S3_BUCKET) store = await createObjectStore({ ...infra, STORAGE_DRIVER: 's3', S3_BUCKET: registry.MARKET_S3_BUCKET });
    if (store !== own) await store.ensureReady();
    return store;
  },
};

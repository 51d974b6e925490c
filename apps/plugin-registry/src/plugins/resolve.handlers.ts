import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { describePluginsRpc, isDomainError, resolvePluginRpc, validatePluginPropertiesRpc, type PluginDescriptorDto, type PluginKindName } from '@appmanager/contracts';
import { RPC_SERVER } from '@appmanager/bootstrap';
import type { RpcServer } from '@appmanager/messaging';
import { PluginRegistryStore } from '@appmanager/persistence';
import { toBundle, toDescriptor } from './plugin-descriptor.js';
import { PluginQueries } from './plugin-queries.service.js';
import { PropertiesValidator } from './properties-validator.js';

type Ref = { kind: PluginKindName; name: string; version?: string };

/** What plugin hosts and the deployment engine ask: bundles, descriptors, property validation. */
@Injectable()
export class ResolveHandlers implements OnApplicationBootstrap {
  private readonly validator = new PropertiesValidator();

  constructor(
    @Inject(RPC_SERVER) private readonly rpc: RpcServer,
    @Inject(PluginRegistryStore) private readonly store: PluginRegistryStore,
    @Inject(PluginQueries) private readonly queries: PluginQueries,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.handle(resolvePluginRpc, async (ref) => toBundle(await this.queries.resolve(ref)));

    this.rpc.handle(describePluginsRpc, async ({ refs }) => {
      const plugins: PluginDescriptorDto[] = [];
      const missing: Ref[] = [];
      const seen = new Set<string>();
      for (const ref of refs) {
        const key = `${ref.kind}/${ref.name}@${ref.version ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const descriptor = await this.describe(ref);
        if (descriptor) plugins.push(descriptor);
        else missing.push(ref);
      }
      return { plugins, missing };
    });

    this.rpc.handle(validatePluginPropertiesRpc, async ({ properties, ...ref }) => {
      const row = await this.queries.resolve(ref);
      const schema = (row.manifest['schema'] ?? {}) as object;
      const errors = this.validator.validate(row.contentHash, schema, properties ?? {});
      return { valid: errors.length === 0, errors };
    });
  }

  /** Undefined when the plugin, the version or an active version does not exist. */
  private async describe(ref: Ref): Promise<PluginDescriptorDto | undefined> {
    try {
      const version = ref.version ?? (await this.queries.activeVersion(ref.kind, ref.name));
      const row = await this.store.findVersionSummary(ref.kind, ref.name, version);
      return row ? toDescriptor(row) : undefined;
    } catch (error) {
      if (isDomainError(error) && error.code === 'not_found') return undefined;
      throw error;
    }
  }
}

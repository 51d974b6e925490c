import { createHash } from 'node:crypto';
import { describePluginsRpc, resolvePluginRpc, type PluginDescriptorDto } from '@appmanager/contracts';
import { connectNats, RpcServer } from '@appmanager/messaging';
import { compilePlugin } from '@appmanager/plugin-runtime';

/** A plugin as a test writes it: manifest fields plus one TypeScript source file. */
export interface TestPlugin {
  manifest: {
    kind: 'component' | 'trait';
    name: string;
    version: string;
    schema?: Record<string, unknown>;
    appliesTo?: string[];
    stage?: 'pre' | 'post';
    capabilities?: string[];
    http?: { allow: string[] };
    onTerminate?: 'destroy' | 'keep';
  };
  source: string;
}

export interface FakePluginRegistry {
  stop(): Promise<void>;
}

/**
 * FAKE plugin registry for deployment tests and the DAG benchmark: answers the
 * registry's two NATS operations the deployment side uses (describe, resolve) for a
 * fixed set of compiled test plugins, on the real NATS server under the run's prefix.
 * The real registry is not started next to it (both would share one queue group).
 */
export async function startFakePluginRegistry(natsUrl: string, prefix: string, plugins: TestPlugin[]): Promise<FakePluginRegistry> {
  const bundles = await Promise.all(
    plugins.map(async (p) => {
      const compiled = await compilePlugin({ files: { 'src/index.ts': p.source }, entry: 'src/index.ts' });
      const manifest = { description: `test plugin ${p.manifest.name}`, entry: 'src/index.ts', schema: { type: 'object' }, ...p.manifest };
      const descriptor: PluginDescriptorDto = {
        kind: p.manifest.kind,
        name: p.manifest.name,
        version: p.manifest.version,
        schema: manifest.schema,
        ...(p.manifest.appliesTo ? { appliesTo: p.manifest.appliesTo } : {}),
        ...(p.manifest.stage ? { stage: p.manifest.stage } : {}),
        capabilities: p.manifest.capabilities ?? [],
        methods: [],
        contentHash: createHash('sha256').update(compiled.code).digest('hex'),
      };
      return { descriptor, manifest, ...compiled };
    }),
  );
  const nc = await connectNats(natsUrl, `fake-registry-${prefix}`);
  const rpc = new RpcServer(nc, prefix);
  const find = (kind: string, name: string, version?: string) =>
    bundles.find((b) => b.descriptor.kind === kind && b.descriptor.name === name && (!version || b.descriptor.version === version));
  rpc.handle(describePluginsRpc, async ({ refs }) => {
    const found = refs.map((r) => ({ ref: r, bundle: find(r.kind, r.name, r.version) }));
    return {
      plugins: found.filter((f) => f.bundle).map((f) => f.bundle!.descriptor),
      missing: found.filter((f) => !f.bundle).map((f) => f.ref),
    };
  });
  rpc.handle(resolvePluginRpc, async ({ kind, name, version }) => {
    const bundle = find(kind, name, version);
    if (!bundle) throw new Error(`no test plugin ${kind}/${name}@${version ?? 'active'}`);
    return { ...bundle.descriptor, manifest: bundle.manifest, code: bundle.code, sourceMap: bundle.sourceMap };
  });
  return {
    stop: async () => {
      await rpc.close();
      await nc.close();
    },
  };
}

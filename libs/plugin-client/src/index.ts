/**
 * @appmanager/plugin-client — how a service runs plugins from the registry:
 *
 *   const plugins = new PluginClient({ rpc, events }).start();
 *   const { version, result } = await plugins.call({ kind: 'trait', name: 'env' }, 'execute', [req]);
 *
 * Bundles are fetched over NATS (resolvePluginRpc) and cached per version; the active
 * version per (kind, name) is cached and replaced on `plugin.activated.v1`.
 */
export { PluginCache, type PluginCacheOptions, type ActivationChange } from './plugin-cache.js';
export { createProcessesCapability, type ProcessScope } from './processes-capability.js';
export { PluginClient, type PluginClientOptions, type PluginCallRef, type PluginCallResult } from './plugin-client.js';

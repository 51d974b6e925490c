/**
 * @appmanager/plugin-runtime — the isolated-vm host for plugins (the only lib that
 * imports isolated-vm).
 *
 *   const compiled = await compilePlugin({ files, entry: manifest.entry });   // once, at upload
 *   const runtime = new PluginRuntime({ load: (ref) => registry.bundle(ref) });
 *   const attrs = await runtime.call(ref, 'launch', [req], { capabilities, logSink });
 *
 * Every call gets a fresh `ctx`, a time limit and runs in the version's own isolate
 * (memory limit); arguments and results cross as JSON. Failures are DomainErrors:
 * plugin_failed (with the plugin's own file:line), plugin_timeout, plugin_memory_limit,
 * capability_denied, not_found; compile problems are validation_failed.
 */
export { compilePlugin, type PluginSources, type CompiledPlugin } from './compile/compile-plugin.js';
export { PluginRuntime } from './runtime/plugin-runtime.js';
export { runtimeDefaults, type LoadedPlugin, type PluginLoader, type PluginRuntimeOptions, type CallOptions } from './runtime/runtime-options.js';
export type { HostCapabilities } from './bridge/host-capabilities.js';
export type { LogSink } from './bridge/capability-bridge.js';

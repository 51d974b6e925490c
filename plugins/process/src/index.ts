import {
  defineComponent,
  type ComponentStatus,
  type HealthReport,
  type InstanceRequest,
  type JsonObject,
  type PluginContext,
  type ProcessReadiness,
  type ProcessStatus,
  type ProcessesCapability,
} from '@appmanager/plugin-sdk';

interface ProcessProperties {
  command?: string[];
  cwd?: string;
  env?: Record<string, string | number | boolean>;
  port?: number | 'auto';
  readiness?: ProcessReadiness;
}

/** How many log lines a failed status carries: enough to see the error, short enough to read. */
const failureLogLines = 20;

/**
 * The built-in `process` component of the `local` cluster. The key of a process is the
 * component name; the host scopes it with the app instance (app/cluster/namespace/stage),
 * so a plugin never reaches another app's processes.
 */
export default defineComponent<ProcessProperties>({
  /**
   * Packaging: the host packs the source (honouring `.amignore`) — the sandbox has no
   * file system. This checks that the package can run (a command from the properties or
   * package.json's `scripts.start`) and records it in `.appmanager/process.json`.
   */
  build(ctx, source) {
    const command = source.properties.command ?? startScript(source.files['package.json']);
    if (!command || command.length === 0) {
      ctx.log.error('no command to run', { component: source.component, rootFiles: Object.keys(source.files).join(', ') });
      throw new Error(`component ${source.component}: no command to run; set options.command (e.g. [node, server.js]) or add a package.json with scripts.start`);
    }
    ctx.log.info('process component packaged', { command: command.join(' ') });
    return { files: { '.appmanager/process.json': JSON.stringify({ command }, null, 2) }, meta: { command } };
  },

  async launch(ctx, req) {
    const command = req.properties.command;
    if (!command || command.length === 0) {
      throw new Error('properties.command is required: the argv to run, e.g. [node, server.js]');
    }
    const readiness = req.properties.readiness;
    // A retried node (new attempt) restarts the process; a redelivered job (same attempt) finds it running.
    const idempotencyKey = `${req.nodeOrderId}#${req.attempt}`;
    const started = await processes(ctx).start({
      key: req.component,
      command,
      cwd: req.properties.cwd,
      env: stringValues(req.properties.env),
      port: req.properties.port,
      readiness,
      idempotencyKey,
    });
    ctx.log.info('process started', { key: req.component, pid: started.pid, port: started.port ?? null });
    return {
      key: req.component,
      pid: started.pid,
      port: started.port ?? null,
      idempotencyKey,
      expectExitCode: readiness && 'exitCode' in readiness ? readiness.exitCode : null,
    };
  },

  async get(ctx, req) {
    const status = await processes(ctx).status(keyOf(req));
    switch (status.state ?? (status.running ? 'ready' : 'failed')) {
      case 'ready':
        return { phase: 'ready', message: status.message ?? 'running', outputs: outputsOf(status) };
      case 'exited':
        if (status.ready) return { phase: 'ready', message: status.message ?? 'completed', outputs: outputsOf(status) };
        return failed(ctx, req, status, `${status.message ?? 'exited'}: a long-running process must not end`);
      case 'failed':
      case 'stopped':
        return failed(ctx, req, status, status.message ?? 'the process is not running');
      default:
        return { phase: 'progressing', message: status.message ?? 'starting' };
    }
  },

  async destroy(ctx, req) {
    await processes(ctx).stop(keyOf(req));
  },

  async health(ctx, req): Promise<HealthReport> {
    let status: ProcessStatus;
    try {
      status = await processes(ctx).status(keyOf(req));
    } catch (error) {
      return { health: 'unhealthy', message: error instanceof Error ? error.message : String(error) };
    }
    const message = status.message;
    if (status.state === 'starting') return { health: 'unknown', message: message ?? 'starting' };
    if (status.running) return status.ready === false ? { health: 'unhealthy', message } : { health: 'healthy', message };
    // A job that ended with its expected code stays healthy; any other end is not.
    if (status.state === 'exited' && status.ready) return { health: 'healthy', message };
    return { health: 'unhealthy', message: message ?? 'not running' };
  },

  /**
   * The status watcher follows the supervisor's events for the key: `process.ready.v1`
   * arrives as event `started`, `process.exited.v1` as `exited`, `object` is the event data.
   */
  watch: {
    subjects(_ctx, req) {
      return [{ type: 'process', key: keyOf(req) }];
    },
    toHealth(_ctx, event) {
      const object = event.object;
      const message = typeof object['message'] === 'string' ? object['message'] : undefined;
      if (event.event === 'started') return { health: 'healthy', message };
      if (event.event !== 'exited') return null;
      const expected = event.attrs['expectExitCode'];
      if (typeof expected === 'number' && object['exitCode'] === expected) return { health: 'healthy', message };
      return { health: 'unhealthy', message: message ?? 'the process ended' };
    },
  },
});

function processes(ctx: PluginContext): ProcessesCapability {
  if (!ctx.processes) throw new Error("the 'local-processes' capability is not granted: process components run only on a local cluster");
  return ctx.processes;
}

const keyOf = (req: InstanceRequest<ProcessProperties>): string => (typeof req.attrs['key'] === 'string' ? req.attrs['key'] : req.component);

function stringValues(env: ProcessProperties['env']): Record<string, string> | undefined {
  if (!env) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) out[name] = String(value);
  return out;
}

function outputsOf(status: ProcessStatus): JsonObject {
  const outputs: JsonObject = { pid: status.pid ?? null };
  if (status.port !== undefined) {
    outputs['port'] = status.port;
    outputs['url'] = `http://127.0.0.1:${status.port}`;
  }
  if (status.exitCode !== undefined) outputs['exitCode'] = status.exitCode;
  return outputs;
}

/** A failed status says why AND shows the last lines the process wrote: no server log needed. */
async function failed(ctx: PluginContext, req: InstanceRequest<ProcessProperties>, status: ProcessStatus, why: string): Promise<ComponentStatus> {
  let tail: string[] = [];
  try {
    tail = await processes(ctx).logs(keyOf(req), { tail: failureLogLines });
  } catch (error) {
    ctx.log.warn('could not read the process log', { error: error instanceof Error ? error.message : String(error) });
  }
  const logs = tail.filter((line) => !line.startsWith('--- ') || !line.includes(' appmanager: starting '));
  const message = logs.length > 0 ? `${why}. Last log lines:\n${logs.join('\n')}` : why;
  return { phase: 'failed', message, outputs: outputsOf(status) };
}

/** `sh -c <scripts.start>` from a package.json given as text, when it has one. */
function startScript(file: unknown): string[] | undefined {
  if (typeof file !== 'string') return undefined;
  try {
    const start = (JSON.parse(file) as { scripts?: { start?: unknown } }).scripts?.start;
    return typeof start === 'string' && start.trim() ? ['sh', '-c', start] : undefined;
  } catch {
    return undefined;
  }
}

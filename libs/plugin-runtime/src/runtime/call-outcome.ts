import type { SourceMap } from 'node:module';
import { DomainError, type ErrorDetail } from '@appmanager/contracts';
import type { PluginRef } from '@appmanager/plugin-sdk';
import { mapGuestStack } from '../sandbox/guest-stack.js';

/** Who failed where: enough to name the plugin, version and method in every error. */
export interface CallSite {
  ref: PluginRef;
  method: string;
  sourceMap(): SourceMap | undefined;
}

const label = (site: CallSite): string => `${site.ref.kind} plugin ${site.ref.name}@${site.ref.version}`;
const meta = (site: CallSite, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  plugin: site.ref.name,
  kind: site.ref.kind,
  version: site.ref.version,
  method: site.method,
  ...extra,
});

/** Turns a guest reply (see `replyTag`) into the method's value, or throws the DomainError it encodes. */
export function decodeReply(reply: string, site: CallSite): unknown {
  const tag = reply.charCodeAt(0);
  if (tag === 114 /* r */) return JSON.parse(reply.slice(1));
  if (tag === 117 /* u */) return undefined;
  if (tag === 109 /* m */) {
    return raise(new DomainError('not_found', `${label(site)} has no method '${site.method}'`, [], meta(site)));
  }
  const body = JSON.parse(reply.slice(1)) as { message: string; stack?: string; capability?: string; nonError?: boolean };
  if (tag === 100 /* d */) {
    return raise(new DomainError('capability_denied', `${label(site)} ${site.method}: ${body.message}`, [], meta(site, { capability: body.capability })));
  }
  if (tag === 120 /* x */) {
    return raise(
      new DomainError('plugin_failed', `${label(site)} ${site.method} returned a value that is not JSON: ${body.message}`, [], meta(site)),
    );
  }
  return raise(guestError(body, site));
}

/** A thrown guest error, located in the plugin's own source file when the stack allows. */
export function guestError(body: { message: string; stack?: string; nonError?: boolean }, site: CallSite, phase = ''): DomainError {
  const mapped = body.stack ? mapGuestStack(body.stack, site.sourceMap()) : { frames: [] };
  const where = mapped.location ? ` (at ${mapped.location.file}:${mapped.location.line}:${mapped.location.column})` : '';
  const errors: ErrorDetail[] = mapped.location
    ? [{ path: mapped.location.file, message: body.message, line: mapped.location.line, column: mapped.location.column }]
    : [];
  return new DomainError(
    'plugin_failed',
    `${label(site)} ${phase || site.method} failed: ${body.message}${where}`,
    errors,
    meta(site, { stack: mapped.frames.join('\n') }),
  );
}

export type SandboxFailure = 'timeout' | 'memory' | 'reset' | 'other';

/** Errors raised by isolated-vm itself (limits, a disposed isolate), not by the plugin's code. */
export function sandboxError(failure: SandboxFailure, error: unknown, site: CallSite, limits: { timeoutMs: number; memoryLimitMiB: number }): DomainError {
  if (failure === 'timeout') {
    return new DomainError('plugin_timeout', `${label(site)} ${site.method} did not finish within ${limits.timeoutMs} ms`, [], meta(site));
  }
  if (failure === 'memory') {
    return new DomainError(
      'plugin_memory_limit',
      `${label(site)} ${site.method} exceeded the ${limits.memoryLimitMiB} MiB memory limit`,
      [],
      meta(site),
    );
  }
  if (failure === 'reset') {
    return new DomainError(
      'plugin_failed',
      `${label(site)} ${site.method} was cut off: another call on the same version hit a limit and its isolate was replaced`,
      [],
      meta(site),
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  // isolated-vm rethrows guest errors from top-level code as host Errors carrying the guest stack.
  const stack = error instanceof Error ? error.stack : undefined;
  return guestError({ message, stack }, site);
}

/**
 * Which limit (if any) an isolated-vm error means. An isolate the host did not dispose
 * itself but that is gone was killed by isolated-vm for exceeding its memory limit.
 */
export function classifySandboxError(error: unknown, sandbox: { disposed: boolean; disposedBy?: string } | undefined, timedOut: boolean): SandboxFailure {
  const message = error instanceof Error ? error.message : '';
  if (timedOut || /timed out/i.test(message)) return 'timeout';
  if (/memory limit/i.test(message) || (sandbox?.disposed && sandbox.disposedBy === undefined)) return 'memory';
  if (sandbox?.disposed) return 'reset';
  return 'other';
}

function raise(error: DomainError): never {
  throw error;
}

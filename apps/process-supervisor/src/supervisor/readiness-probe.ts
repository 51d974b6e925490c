import { connect } from 'node:net';
import type { ProcessReadiness } from '@appmanager/contracts';

export type ProbeResult = { ok: true } | { ok: false; reason: string };

const probeTimeoutMs = 2_000;

/** What a probe checks, in the words the operator reads in a status message. */
export function describeProbe(readiness: ProcessReadiness, port: number | null): string {
  if ('httpGet' in readiness) return `GET http://127.0.0.1:${port}${readiness.httpGet.path}`;
  if ('tcp' in readiness) return `TCP 127.0.0.1:${port}`;
  return `exit code ${readiness.exitCode}`;
}

/**
 * One readiness check against 127.0.0.1: an HTTP GET answering 2xx/3xx (redirects are
 * not followed: a 3xx means the server is up), or a TCP connect. Exit-code readiness is
 * decided when the process ends, not here.
 */
export async function probeOnce(readiness: ProcessReadiness, port: number): Promise<ProbeResult> {
  if ('httpGet' in readiness) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${readiness.httpGet.path}`, {
        redirect: 'manual',
        signal: AbortSignal.timeout(probeTimeoutMs),
      });
      await response.body?.cancel();
      return response.status >= 200 && response.status < 400 ? { ok: true } : { ok: false, reason: `answered ${response.status}` };
    } catch (error) {
      return { ok: false, reason: networkReason(error) };
    }
  }
  if ('tcp' in readiness) return tcpConnect(port);
  return { ok: false, reason: 'exit-code readiness is decided when the process ends' };
}

function tcpConnect(port: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (result: ProbeResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(probeTimeoutMs, () => done({ ok: false, reason: `no connection within ${probeTimeoutMs}ms` }));
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (error) => done({ ok: false, reason: networkReason(error) }));
  });
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const code = cause?.code ?? (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused (nothing listens on the port yet)';
  if ((error as Error).name === 'TimeoutError') return `no answer within ${probeTimeoutMs}ms`;
  return code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

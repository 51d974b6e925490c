import { rootLogger } from '@appmanager/logging';

/**
 * Keeps trying to reach a piece of infrastructure at start with exponential backoff,
 * saying each time which part and address is missing. A service whose MySQL or NATS is
 * not up yet waits for it instead of crashing and being restarted in a loop.
 */
export async function retryConnect<T>(what: string, where: string, connect: () => Promise<T>, options: { maxDelayMs?: number; signal?: AbortSignal } = {}): Promise<T> {
  const maxDelay = options.maxDelayMs ?? 10_000;
  let delay = 500;
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await connect();
      if (attempt > 1) rootLogger().info({ what, where, attempt }, `${what} reachable at ${where}`);
      return value;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const reason = error instanceof Error ? error.message || error.name : String(error);
      rootLogger().warn({ what, where, attempt, retryInMs: delay }, `${what} is not reachable at ${where} (${reason}); retrying in ${(delay / 1000).toFixed(1)}s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';

/** Correlation ids that every log line inside a unit of work carries. */
export interface LogBindings {
  requestId?: string;
  orderId?: string;
  nodeId?: string;
  taskId?: string;
  eventId?: string;
  plugin?: string;
  [key: string]: string | number | undefined;
}

/**
 * One AsyncLocalStorage for the whole process: an HTTP request, a NATS message or a
 * BullMQ job opens a context and everything it logs (however deep) is correlated,
 * without passing loggers around.
 */
export const logContext = new AsyncLocalStorage<LogBindings>();

export function withLogContext<T>(bindings: LogBindings, fn: () => T): T {
  const parent = logContext.getStore();
  return logContext.run(parent ? { ...parent, ...bindings } : bindings, fn);
}

export function currentLogContext(): LogBindings {
  return logContext.getStore() ?? {};
}

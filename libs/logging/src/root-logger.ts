import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';
import { logContext } from './log-context.js';

export type Logger = PinoLogger;

/** Paths whose values never reach a log line (secrets in configs, tokens, plugin properties marked x-secret). */
const redactPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'secret',
  '*.secret',
  '*.secretKey',
  '*.S3_SECRET_KEY',
  '*.MYSQL_PASSWORD',
];

let root: Logger | undefined;

/**
 * JSON logs (pino) with the service name on every line and the current correlation ids
 * mixed in from AsyncLocalStorage, so a log line inside a job says which order/node it
 * belongs to without any caller remembering to add it.
 */
export function createRootLogger(service: string, level: LevelWithSilent = 'info'): Logger {
  root = pino({
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    redact: { paths: redactPaths, censor: '[redacted]' },
    mixin: () => logContext.getStore() ?? {},
    formatters: { level: (label) => ({ level: label }) },
  });
  return root;
}

/** The process logger; a silent one until a service creates its own (keeps libs usable in tests). */
export function rootLogger(): Logger {
  root ??= pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  return root;
}

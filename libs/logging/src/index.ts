export { createRootLogger, rootLogger, type Logger } from './root-logger.js';
export { logContext, withLogContext, currentLogContext, type LogBindings } from './log-context.js';
export { NestLoggerAdapter } from './nest-logger.adapter.js';

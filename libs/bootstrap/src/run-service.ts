import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Type } from '@nestjs/common';
import { ConfigError, servicePortDefaults, type ServiceName } from '@appmanager/config';
import { createRootLogger, NestLoggerAdapter } from '@appmanager/logging';
import { metrics } from '@appmanager/metrics';
import { InfraLifecycle } from './infra.lifecycle.js';

export interface RunServiceOptions {
  service: ServiceName;
  module: Type<unknown>;
  /** Largest request body accepted (the gateway sets this; others only serve ops endpoints). */
  bodyLimitBytes?: number;
  /** Hook to add HTTP plumbing (OpenAPI, parsers, filters) before listening. */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/**
 * Starts one service process: JSON logs, validated config, Nest on Fastify, the ops
 * endpoints, and a graceful shutdown on SIGTERM/SIGINT: stop intake, let in-flight
 * work finish (BullMQ workers finish or release their jobs), then drain NATS and close
 * the database. A second signal exits at once.
 */
export async function runService(options: RunServiceOptions): Promise<NestFastifyApplication> {
  const logger = createRootLogger(options.service, (process.env.LOG_LEVEL as 'info' | undefined) ?? 'info');
  metrics(options.service);
  const started = performance.now();
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      options.module,
      new FastifyAdapter({ bodyLimit: options.bodyLimitBytes ?? 1024 * 1024, logger: false }),
      // Nest's own body parsers are off: the gateway registers parsers that report positions.
      { logger: new NestLoggerAdapter(logger), abortOnError: false, bodyParser: false },
    );
    await options.configure?.(app);
    const port = Number(process.env.PORT ?? servicePortDefaults[options.service]);
    await app.listen(port, process.env.HOST ?? '127.0.0.1');
    logger.info({ port, startupMs: Math.round(performance.now() - started) }, `${options.service} ready on port ${port}`);
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.fatal(error.message);
      process.stderr.write(`${options.service}: ${error.message}\n`);
    } else {
      logger.fatal({ err: error }, `${options.service} failed to start`);
    }
    process.exit(1);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    const timeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 15_000);
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'graceful shutdown took too long; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    logger.info({ signal }, 'shutting down: no new work, finishing what is in flight');
    const infra = app.get(InfraLifecycle);
    await infra.stopIntake();
    await app.close();
    await infra.close();
    logger.info('shutdown complete');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return app;
}

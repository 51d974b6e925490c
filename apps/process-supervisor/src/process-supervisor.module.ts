import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { loadConfig } from '@appmanager/config';
import { EVENT_BUS, InfraModule, RPC_SERVER } from '@appmanager/bootstrap';
import type { EventBus, RpcServer } from '@appmanager/messaging';
import { registerProcessHandlers } from './process-rpc.handlers.js';
import { supervisorEnvSchema } from './supervisor-env.schema.js';
import { JetStreamProcessEvents } from './supervisor/process-events.js';
import { ProcessSupervisor } from './supervisor/process-supervisor.js';

/** Loads the state (re-adopting running processes) before it answers any request. */
@Injectable()
class SupervisorLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private supervisor?: ProcessSupervisor;

  constructor(
    @Inject(RPC_SERVER) private readonly rpc: RpcServer,
    @Inject(EVENT_BUS) private readonly events: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.supervisor = new ProcessSupervisor(loadConfig(supervisorEnvSchema), new JetStreamProcessEvents(this.events));
    await this.supervisor.open();
    registerProcessHandlers(this.rpc, this.supervisor);
  }

  /** Processes are deliberately left running: the next supervisor re-adopts them. */
  onApplicationShutdown(): void {
    this.supervisor?.close();
  }
}

@Module({
  imports: [
    InfraModule.forService({
      service: 'process-supervisor',
      capabilities: ['local-processes: start, status, stop, logs, list', 'readiness probes (httpGet, tcp, exitCode)', 'process.ready/exited events'],
    }),
  ],
  providers: [SupervisorLifecycle],
})
export class ProcessSupervisorModule {}

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { createPackageTaskRpc, DomainError, getPackageTaskRpc, type PackageTaskDto } from '@appmanager/contracts';
import { RPC_SERVER } from '@appmanager/bootstrap';
import type { RpcServer } from '@appmanager/messaging';
import { PackageTaskStore } from '@appmanager/persistence';
import { CreateTaskUseCase } from './create-task.usecase.js';
import { taskView } from './task.view.js';

/** RPC handlers for package tasks. */
@Injectable()
export class TasksHandlers implements OnApplicationBootstrap {
  constructor(
    @Inject(RPC_SERVER) private readonly rpc: RpcServer,
    @Inject(PackageTaskStore) private readonly tasks: PackageTaskStore,
    @Inject(CreateTaskUseCase) private readonly create: CreateTaskUseCase,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.handle(createPackageTaskRpc, async (request) => this.view(await this.create.execute(request)));
    this.rpc.handle(getPackageTaskRpc, async ({ id }) => this.view(id));
  }

  async view(id: string): Promise<PackageTaskDto> {
    const task = await this.tasks.getTask(id);
    if (!task) throw new DomainError('not_found', `there is no package task ${id}`);
    return taskView(task, await this.tasks.listBuilds(id), await this.tasks.logsOf(id));
  }
}

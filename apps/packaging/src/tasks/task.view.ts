import type { PackageTaskDto } from '@appmanager/contracts';
import type { ComponentBuildEntity, PackageTaskEntity } from '@appmanager/persistence';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** The API form of a task with per-component status and logs. */
export function taskView(task: PackageTaskEntity, builds: ComponentBuildEntity[], logs: Map<string, string[]>): PackageTaskDto {
  return {
    id: task.id,
    app: task.app,
    requestedVersion: task.requestedVersion,
    version: task.packageVersion,
    tags: task.tags,
    state: task.state as PackageTaskDto['state'],
    message: task.message,
    appRevision: task.appRevision,
    trigger: task.trigger as PackageTaskDto['trigger'],
    ciEventId: task.ciEventId,
    deployTo: task.deployTo,
    deployOrderId: task.deployOrderId,
    deployMessage: task.deployMessage,
    createdAt: new Date(task.createdAt).toISOString(),
    finishedAt: iso(task.finishedAt),
    components: builds.map((b) => ({
      name: b.name,
      type: b.type,
      state: b.state as PackageTaskDto['components'][number]['state'],
      attempts: b.attempts,
      reusedFrom: b.state === 'reused' ? b.builtInVersion : null,
      sha256: b.sha256,
      size: b.size,
      message: b.message,
      log: logs.get(b.name) ?? [],
      startedAt: iso(b.startedAt),
      finishedAt: iso(b.finishedAt),
    })),
  };
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ciBuildEvent, DomainError, type CiBuildEvent, type ComponentSpec, type ErrorDetail } from '@appmanager/contracts';
import { AppPackageStore, CiStore, PackageTaskStore } from '@appmanager/persistence';
import { storedComponents } from '../packages/package.view.js';
import { CreateTaskUseCase } from '../tasks/create-task.usecase.js';
import { DeadLetters } from './dead-letters.js';

export type CiOutcome =
  | { kind: 'accepted'; eventId: string; taskId: string; duplicate: boolean }
  | { kind: 'dead'; reason: string; errors: ErrorDetail[]; deadLetterId: string };

/**
 * One CI "build finished" event, from JetStream or HTTP: builds that component into a
 * new package (the other components reuse the latest package's archives) and, with
 * `deployTo`, deploys it. Idempotent by eventId: the id is recorded with the task id
 * BEFORE the task exists, so a repeat (or a redelivery after a crash) finds it.
 * Anything that cannot be processed is dead-lettered with its reason.
 */
@Injectable()
export class CiTriggerUseCase {
  constructor(
    @Inject(CiStore) private readonly ci: CiStore,
    @Inject(AppPackageStore) private readonly packages: AppPackageStore,
    @Inject(PackageTaskStore) private readonly tasks: PackageTaskStore,
    @Inject(CreateTaskUseCase) private readonly create: CreateTaskUseCase,
    @Inject(DeadLetters) private readonly deadLetters: DeadLetters,
  ) {}

  async handle(payload: unknown, text: string, via: 'nats' | 'http'): Promise<CiOutcome> {
    const raw = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
    const dead = async (reason: string, errors: ErrorDetail[]): Promise<CiOutcome> => {
      const letter = await this.deadLetters.record({ payload: text, reason, errors, eventId: raw['eventId'] as string, app: raw['app'] as string, via });
      return { kind: 'dead', reason, errors, deadLetterId: letter.id };
    };
    const parsed = ciBuildEvent.safeParse(payload);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(event)', message: i.message }));
      return dead(`invalid CI event: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
    }
    const event = parsed.data;
    const known = await this.ci.findEvent(event.eventId);
    if (known && (await this.tasks.getTask(known.taskId))) return { kind: 'accepted', eventId: event.eventId, taskId: known.taskId, duplicate: true };

    const latest = await this.packages.latest(event.app);
    if (!latest) return dead(`unknown app ${event.app}: it has no package to build on (package it once with POST /v1/apps/${event.app}/package-tasks)`, [{ path: 'app', message: 'no package of this app' }]);
    const components = storedComponents(latest);
    const target = components.find((c) => c.name === event.component);
    if (!target) {
      return dead(`unknown component ${event.component} of ${event.app} (package ${latest.version} has ${components.map((c) => c.name).join(', ')})`, [{ path: 'component', message: 'not a component of the app' }]);
    }
    if (event.version && (await this.packages.get(event.app, event.version))) {
      return dead(`version ${event.version} of ${event.app} exists already; a version is never reused`, [{ path: 'version', message: 'exists already' }]);
    }
    const specs: ComponentSpec[] = components.map((c) =>
      c.name === event.component ? { name: c.name, type: c.type, source: this.sourceOf(event, c.source), options: c.options } : { name: c.name, type: c.type, source: { package: latest.version }, options: c.options },
    );
    const taskId = known?.taskId ?? randomUUID();
    if (!known && !(await this.ci.recordEvent({ eventId: event.eventId, app: event.app, taskId }))) {
      const winner = await this.ci.findEvent(event.eventId);
      return { kind: 'accepted', eventId: event.eventId, taskId: winner?.taskId ?? taskId, duplicate: true };
    }
    try {
      await this.create.execute({ id: taskId, app: event.app, version: event.version ?? 'auto', tags: [], components: specs, trigger: 'ci', ciEventId: event.eventId, deployTo: event.deployTo ?? null });
    } catch (error) {
      if (error instanceof DomainError && error.code !== 'service_unavailable' && error.code !== 'internal') {
        return dead(`cannot package ${event.app}/${event.component}: ${error.message}`, error.errors);
      }
      throw error;
    }
    return { kind: 'accepted', eventId: event.eventId, taskId, duplicate: false };
  }

  /** The new build's source: the CI's image or artifact, else the previous source at the event's commit. */
  private sourceOf(event: CiBuildEvent, previous: ComponentSpec['source']): ComponentSpec['source'] {
    if (event.image) return { image: event.image };
    if (event.artifactUrl) return { url: event.artifactUrl };
    if ('git' in previous) return { git: previous.git, ...(event.commit || event.branch ? { ref: event.branch ?? event.commit } : {}) };
    return previous;
  }
}

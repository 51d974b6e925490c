import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError, type createPackageTaskRequest, type ErrorDetail } from '@appmanager/contracts';
import { AppPackageStore, PackageTaskStore, type PackageTaskEntity } from '@appmanager/persistence';
import { PACKAGING_ENV, type PackagingEnv } from '../packaging-env.js';
import { PackagingEnqueuer } from '../queue/packaging-enqueuer.js';
import { resolveSourcePath } from './source-path.js';

export type CreateTaskInput = z.output<typeof createPackageTaskRequest> & {
  trigger?: 'api' | 'ci';
  ciEventId?: string | null;
  deployTo?: PackageTaskEntity['deployTo'];
  /** Set by the CI path, which records the id first (idempotency). */
  id?: string;
};

/**
 * Checks a package request (every problem at once), records the task and its component
 * builds, and enqueues one build job per component.
 */
@Injectable()
export class CreateTaskUseCase {
  constructor(
    @Inject(PackageTaskStore) private readonly tasks: PackageTaskStore,
    @Inject(AppPackageStore) private readonly packages: AppPackageStore,
    @Inject(PackagingEnqueuer) private readonly enqueuer: PackagingEnqueuer,
    @Inject(PACKAGING_ENV) private readonly env: PackagingEnv,
  ) {}

  async execute(input: CreateTaskInput): Promise<string> {
    await this.check(input);
    const id = input.id ?? randomUUID();
    await this.tasks.create(
      {
        id,
        app: input.app,
        requestedVersion: input.version,
        tags: input.tags,
        state: 'running',
        appRevision: null,
        trigger: input.trigger ?? 'api',
        ciEventId: input.ciEventId ?? null,
        deployTo: input.deployTo ?? null,
        createdAt: new Date(),
      },
      input.components.map((c) => ({ name: c.name, app: input.app, type: c.type, source: c.source, options: c.options })),
    );
    await this.enqueuer.enqueueBuilds(input.components.map((c) => ({ taskId: id, component: c.name })));
    return id;
  }

  private async check(input: CreateTaskInput): Promise<void> {
    const errors: ErrorDetail[] = [];
    const seen = new Set<string>();
    for (const [i, c] of input.components.entries()) {
      const at = `components[${i}]`;
      if (seen.has(c.name)) errors.push({ path: `${at}.name`, message: `component ${c.name} is listed twice` });
      seen.add(c.name);
      const source = c.source;
      if ('path' in source) {
        try {
          const dir = resolveSourcePath(this.env.PACKAGING_SOURCE_ROOT, source.path, `${at}.source.path`);
          if (!existsSync(dir) || !statSync(dir).isDirectory()) errors.push({ path: `${at}.source.path`, message: `no directory ${source.path} under the source root` });
        } catch (error) {
          if (error instanceof DomainError) errors.push(...error.errors);
          else throw error;
        }
      }
      if ('archive' in source && !source.archive.startsWith('uploads/')) {
        errors.push({ path: `${at}.source.archive`, message: 'must be the key returned by POST /v1/apps/{app}/package-sources (uploads/…)' });
      }
      if ('package' in source) {
        const pkg = await this.packages.get(input.app, source.package);
        if (!pkg) errors.push({ path: `${at}.source.package`, message: `${input.app} has no package ${source.package}` });
        else if (!(pkg.components as Array<{ name: string }>).some((x) => x.name === c.name)) {
          errors.push({ path: `${at}.source.package`, message: `package ${source.package} has no component ${c.name}` });
        }
      }
    }
    if (errors.length > 0) throw new DomainError('validation_failed', `invalid package task for ${input.app}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
    if (input.version !== 'auto' && (await this.packages.get(input.app, input.version))) {
      throw new DomainError('conflict', `${input.app} ${input.version} exists already: a version is never reused (use "auto" or a new version)`, [
        { path: 'version', message: 'exists already' },
      ]);
    }
  }
}

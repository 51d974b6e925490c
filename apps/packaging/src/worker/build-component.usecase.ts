import { once } from 'node:events';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { rm } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { packDirectory, type ArchiveFormat, type ObjectStore } from '@appmanager/artifacts';
import { componentSource, DomainError, isDomainError } from '@appmanager/contracts';
import { OBJECT_STORE } from '@appmanager/bootstrap';
import { PluginClient } from '@appmanager/plugin-client';
import { AppPackageStore, PackageTaskStore, type ComponentBuildEntity } from '@appmanager/persistence';
import { PACKAGING_ENV, type PackagingEnv } from '../packaging-env.js';
import { archiveKeyFor } from '../packages/package-content.js';
import { storedComponents } from '../packages/package.view.js';
import { extraFilesOf, runBuildPlugin } from './build-plugin.js';
import { canReuse, inputsHash } from './inputs-hash.js';
import { fingerprint, stageSource } from './source-stage.js';

/** Errors worth another attempt: storage or a service away for a moment. Everything else fails the build at once. */
const isTransient = (error: unknown): boolean =>
  (isDomainError(error) && (error.code === 'service_unavailable' || error.code === 'timeout')) ||
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up/i.test(String((error as { code?: string })?.code ?? '') + String(error));

/**
 * Builds one component of a task: reuse by inputs hash when nothing changed, otherwise
 * stage the source, call the type's `build`, pack with `.amignore` and stream the archive
 * into object storage. A transient failure is thrown (BullMQ retries it; the last
 * attempt fails the component with the reason); any other failure fails the component
 * with its message and log, and the other components carry on.
 */
@Injectable()
export class BuildComponentUseCase {
  constructor(
    @Inject(PackageTaskStore) private readonly tasks: PackageTaskStore,
    @Inject(AppPackageStore) private readonly packages: AppPackageStore,
    @Inject(OBJECT_STORE) private readonly storage: ObjectStore,
    @Inject(PluginClient) private readonly plugins: PluginClient,
    @Inject(PACKAGING_ENV) private readonly env: PackagingEnv,
  ) {}

  /** Returns true when the build reached a final state (the caller then checks the task). */
  async execute(taskId: string, name: string, attempt: { number: number; last: boolean; of: number }): Promise<boolean> {
    const build = await this.tasks.startAttempt(taskId, name);
    if (!build) return true;
    const log = this.logger(taskId, name);
    log.line(`attempt ${build.attempts} (job attempt ${attempt.number}/${attempt.of}) on ${hostname()} pid ${process.pid}`);
    const workDir = resolve(this.env.PACKAGING_WORK_DIR, taskId, `${name}-${build.attempts}`);
    try {
      await this.build(build, workDir, log.line);
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isTransient(error) && !attempt.last) {
        log.line(`transient failure, will retry: ${message}`);
        await log.flush();
        throw error;
      }
      const final = isTransient(error) ? `gave up after ${attempt.number} attempts: ${message}` : message;
      log.line(`failed: ${final}`);
      await log.flush();
      await this.tasks.finishBuild(taskId, name, { state: 'failed', message: final });
      return true;
    } finally {
      await log.flush().catch(() => undefined);
      await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private async build(build: ComponentBuildEntity, workDir: string, log: (line: string) => void): Promise<void> {
    const source = componentSource.parse(build.source);
    if ('package' in source) return this.reuseFromPackage(build, source.package, log);
    const task = await this.tasks.getTask(build.taskId);
    const version = task?.requestedVersion ?? 'auto';
    const descriptor = await this.pluginVersion(build.type);
    const limits = { sourceRoot: this.env.PACKAGING_SOURCE_ROOT, maxBytes: this.env.PACKAGING_MAX_SOURCE_BYTES, maxEntries: this.env.PACKAGING_MAX_SOURCE_ENTRIES };
    let print = await fingerprint(this.storage, source, limits);
    if (print && (await this.tryReuse(build, this.inputsHash(build, descriptor.version, print), log))) return;
    const staged = await stageSource(this.storage, source, workDir, limits, log);
    if (!print) {
      print = staged.fingerprint ?? `once:${build.taskId}`;
      if (await this.tryReuse(build, this.inputsHash(build, descriptor.version, print), log)) return;
    }
    let result: Awaited<ReturnType<typeof runBuildPlugin>> = { files: {} };
    if (descriptor.hasBuild) {
      log(`calling build of component/${build.type}@${descriptor.version}`);
      try {
        result = await runBuildPlugin(this.plugins, { type: build.type, pluginVersion: descriptor.version, component: build.name, version, options: build.options, dir: staged.dir, source: build.source }, log);
      } catch (error) {
        throw new DomainError('plugin_failed', `build of component/${build.type}@${descriptor.version} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else {
      log(`component/${build.type} has no build method: packing the source as is`);
    }
    const extraFiles = { ...extraFilesOf(result), ...('image' in source ? { '.appmanager/image.json': JSON.stringify({ image: source.image }) } : {}) };
    const key = archiveKeyFor(build.app, build.name, build.taskId);
    log(`packing ${'path' in source ? source.path : 'the source'} (honouring .amignore) into ${key}`);
    const started = performance.now();
    // The format is decided from the content before the first byte (ADR 0006: gzip only when it pays).
    let decided!: (format: ArchiveFormat) => void;
    const known = new Promise<ArchiveFormat>((resolve) => (decided = resolve));
    const archive = packDirectory(staged.dir, { ignoreFile: '.amignore', extraFiles, compression: this.env.PACKAGING_ARCHIVE_COMPRESSION, onFormat: (f) => decided(f) });
    const format = await Promise.race([known, once(archive, 'error').then(([error]) => Promise.reject(error as Error))]);
    const put = await this.storage.put(key, archive, { contentType: format.compression === 'gzip' ? 'application/gzip' : 'application/x-tar' }).catch((error: unknown) => {
      archive.destroy(); // storage refused it (down?): stop reading the source until the retry
      throw error;
    });
    const how = format.compression === 'gzip' ? `tar.gz level ${format.level}` : 'plain tar';
    log(`stored ${put.size} bytes (${how}: ${format.reason}), sha256 ${put.sha256}, in ${Math.round(performance.now() - started)} ms`);
    const meta = { ...(result.meta ?? {}), ...('image' in source ? { image: source.image } : {}), plugin: `${build.type}@${descriptor.version}` };
    await this.tasks.finishBuild(build.taskId, build.name, {
      state: 'succeeded',
      inputsHash: this.inputsHash(build, descriptor.version, print),
      archiveKey: put.key,
      sha256: put.sha256,
      size: put.size,
      meta,
      message: null,
    });
  }

  private async reuseFromPackage(build: ComponentBuildEntity, version: string, log: (line: string) => void): Promise<void> {
    const pkg = await this.packages.get(build.app, version);
    const component = pkg && storedComponents(pkg).find((c) => c.name === build.name);
    if (!component) throw new DomainError('not_found', `${build.app} ${version} has no component ${build.name}`);
    log(`reusing the archive of ${build.name} from package ${version} (sha256 ${component.sha256})`);
    await this.tasks.finishBuild(build.taskId, build.name, {
      state: 'reused',
      builtInVersion: component.version,
      archiveKey: component.archiveKey,
      sha256: component.sha256,
      size: component.size,
      meta: component.meta,
      inputsHash: null,
    });
  }

  private async tryReuse(build: ComponentBuildEntity, inputsHash: string, log: (line: string) => void): Promise<boolean> {
    const earlier = await this.tasks.findReusable(build.app, build.name, inputsHash, build.taskId);
    if (!earlier || !(await canReuse(earlier, (key) => this.storage.exists(key)))) return false;
    const from = earlier.builtInVersion ?? (await this.tasks.getTask(earlier.taskId))?.packageVersion ?? null;
    log(`inputs unchanged since ${from ? `package ${from}` : `task ${earlier.taskId}`}: reusing its archive (sha256 ${earlier.sha256})`);
    await this.tasks.finishBuild(build.taskId, build.name, {
      state: 'reused',
      inputsHash,
      builtInVersion: from,
      archiveKey: earlier.archiveKey,
      sha256: earlier.sha256,
      size: earlier.size,
      meta: earlier.meta,
    });
    return true;
  }

  private inputsHash(build: ComponentBuildEntity, pluginVersion: string, print: string): string {
    return inputsHash({ type: build.type, pluginVersion, options: build.options, fingerprint: print });
  }

  private async pluginVersion(type: string): Promise<{ version: string; hasBuild: boolean }> {
    const version = await this.plugins.activeVersion('component', type).catch((error: unknown) => {
      if (isDomainError(error) && error.code === 'not_found') throw new DomainError('bad_request', `unknown component type ${type}: no active component plugin of that name`);
      throw error;
    });
    const bundle = await this.plugins.cache.bundle({ kind: 'component', name: type, version });
    return { version, hasBuild: bundle.methods.includes('build') };
  }

  /** Log lines are buffered and written in small batches so a chatty build does not hammer MySQL. */
  private logger(taskId: string, name: string) {
    let pending: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = async () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      const lines = pending;
      pending = [];
      await this.tasks.appendLog(taskId, name, lines.map((l) => `${new Date().toISOString()} ${l}`));
    };
    return {
      line: (line: string) => {
        pending.push(line);
        timer ??= setTimeout(() => void flush().catch(() => undefined), 200);
      },
      flush,
    };
  }
}


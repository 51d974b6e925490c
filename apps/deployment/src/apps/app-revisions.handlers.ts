import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainError, getAppRpc, listAppRevisionsRpc, listAppsRpc, putAppRpc, validateAppRpc } from '@appmanager/contracts';
import { RPC_SERVER } from '@appmanager/bootstrap';
import type { RpcServer } from '@appmanager/messaging';
import { AppRevisionStore } from '@appmanager/persistence';
import { ApplicationLoader } from './application-loader.service.js';
import { toAppRevisionDto } from './app-revision.view.js';

/** Applications and their immutable revisions, served over NATS. */
@Injectable()
export class AppRevisionsHandlers implements OnApplicationBootstrap {
  constructor(
    @Inject(RPC_SERVER) private readonly rpc: RpcServer,
    @Inject(AppRevisionStore) private readonly revisions: AppRevisionStore,
    @Inject(ApplicationLoader) private readonly loader: ApplicationLoader,
  ) {}

  onApplicationBootstrap(): void {
    this.rpc.handle(putAppRpc, async ({ app, text, format, author }) => {
      const loaded = await this.loader.fromText(app, text, format);
      const { revision, created } = await this.revisions.append({
        app,
        contentHash: loaded.contentHash,
        author,
        componentCount: loaded.application.spec.components.length,
        document: loaded.application as unknown as Record<string, unknown>,
      });
      return { ...toAppRevisionDto(revision), created };
    });

    this.rpc.handle(validateAppRpc, async ({ app, text, format }) => {
      const loaded = await this.loader.fromText(app, text, format);
      return {
        valid: true as const,
        componentCount: loaded.application.spec.components.length,
        nodeCount: loaded.dag.nodes.length,
        plugins: loaded.pluginVersions,
      };
    });

    this.rpc.handle(getAppRpc, async ({ app }) => {
      const latest = await this.revisions.latest(app);
      if (!latest) throw new DomainError('not_found', `no application named ${app}`);
      return toAppRevisionDto(latest);
    });

    this.rpc.handle(listAppsRpc, async ({ limit, cursor }) => {
      const rows = await this.revisions.listApps(limit + 1, cursor);
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({ app: r.app, latestRevision: r.latestRevision, updatedAt: r.updatedAt.toISOString() })),
        nextCursor: rows.length > limit ? page.at(-1)?.app : undefined,
      };
    });

    this.rpc.handle(listAppRevisionsRpc, async ({ app, limit, cursor }) => {
      const rows = await this.revisions.list(app, limit + 1, cursor ? Number(cursor) : undefined);
      const page = rows.slice(0, limit);
      return { items: page.map((r) => toAppRevisionDto(r, false)), nextCursor: rows.length > limit ? String(page.at(-1)?.revision) : undefined };
    });
  }
}

import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import tar from 'tar-stream';
import type { ObjectStore } from '@appmanager/artifacts';
import { OBJECT_STORE } from '@appmanager/bootstrap';
import { AppPackageStore, type AppPackageEntity } from '@appmanager/persistence';
import { packageManifest, storedComponents } from './package.view.js';

/** How long an export file stays in storage for the gateway to stream it (then a later export removes it). */
export const exportPrefix = 'exports/';

/**
 * Writes one file holding the package: an uncompressed tar with `manifest.json` first
 * and `components/<name>.tgz` after it (each a tar.gz, or a plain tar when its content
 * did not compress: stored as is, never recompressed). Every archive
 * is streamed from storage with its sha256 verified on the way, so a damaged archive
 * fails the export instead of travelling to another unit.
 */
@Injectable()
export class ExportPackageUseCase {
  constructor(
    @Inject(OBJECT_STORE) private readonly storage: ObjectStore,
    @Inject(AppPackageStore) private readonly packages: AppPackageStore,
  ) {}

  async execute(row: AppPackageEntity): Promise<{ key: string; size: number; sha256: string; fileName: string }> {
    const tags = (await this.packages.tagsByVersion(row.app)).get(row.version) ?? [];
    const components = storedComponents(row);
    const manifest = Buffer.from(JSON.stringify(packageManifest(row, components, tags), null, 2));
    const pack = tar.pack();
    const out = new PassThrough();
    const piped = pipeline(pack, out);
    const key = `${exportPrefix}${row.app}/${row.version}-${randomUUID()}.tar`;
    const stored = this.storage.put(key, out, { contentType: 'application/x-tar' });
    const filled = (async () => {
      const header = { mtime: new Date(0), uid: 0, gid: 0, mode: 0o644 };
      await new Promise<void>((resolve, reject) => pack.entry({ ...header, name: 'manifest.json', size: manifest.length }, manifest, (e) => (e ? reject(e) : resolve())));
      for (const c of components) {
        const source = await this.storage.get(c.archiveKey, { expectSha256: c.sha256 });
        const sink = pack.entry({ ...header, name: c.path, size: c.size });
        await pipeline(source, sink);
      }
      pack.finalize();
    })();
    filled.catch((error: unknown) => pack.destroy(error as Error));
    const [put] = await Promise.all([stored, filled, piped]);
    return { key, size: put.size, sha256: put.sha256, fileName: `${row.app}-${row.version}.tar` };
  }
}

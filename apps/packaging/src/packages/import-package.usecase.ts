import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import tar from 'tar-stream';
import { z } from 'zod';
import type { ObjectStore } from '@appmanager/artifacts';
import { appPackageDto, DomainError } from '@appmanager/contracts';
import { OBJECT_STORE } from '@appmanager/bootstrap';
import { rootLogger } from '@appmanager/logging';
import { AppPackageStore, type AppPackageEntity } from '@appmanager/persistence';
import { archiveKeyFor, archivePathFor, manifestKeyFor, packageContentHash } from './package-content.js';
import type { StoredComponent } from './package.view.js';

const importedManifest = z.object({
  kind: z.literal('AppPackage'),
  app: appPackageDto.shape.app.regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/),
  version: appPackageDto.shape.version,
  appRevision: z.number().int().nullable().default(null),
  tags: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/)).default([]),
  components: appPackageDto.shape.components,
});
type ImportedManifest = z.output<typeof importedManifest>;

const maxManifestBytes = 1024 * 1024;

/**
 * Recreates an exported package. Every component archive is streamed into storage under
 * a fresh key and its sha256 and size compared with the manifest; any mismatch, missing
 * or unexpected entry rejects the whole import and deletes what was stored, so nothing
 * half-imported remains. The package row is written last (one insert). The same package
 * imported twice is a no-op; the same version with other content is a conflict.
 */
@Injectable()
export class ImportPackageUseCase {
  constructor(
    @Inject(OBJECT_STORE) private readonly storage: ObjectStore,
    @Inject(AppPackageStore) private readonly packages: AppPackageStore,
  ) {}

  async execute(uploadKey: string): Promise<{ row: AppPackageEntity; created: boolean }> {
    const stored: string[] = [];
    try {
      const { manifest, components } = await this.readUpload(uploadKey, stored);
      const contentHash = packageContentHash(components);
      const existing = await this.packages.get(manifest.app, manifest.version);
      if (existing) {
        await this.discard(stored);
        if (existing.contentHash !== contentHash) {
          throw new DomainError('conflict', `${manifest.app} ${manifest.version} exists here with other content; a version is never overwritten`, [{ path: 'version', message: 'exists with other content' }]);
        }
        return { row: existing, created: false };
      }
      const id = randomUUID();
      const manifestKey = manifestKeyFor(manifest.app, manifest.version, id);
      const text = Buffer.from(JSON.stringify({ ...manifest, components: manifest.components }, null, 2));
      const put = await this.storage.put(manifestKey, text, { contentType: 'application/json' });
      stored.push(manifestKey);
      const { row, created } = await this.packages.insert({
        app: manifest.app,
        version: manifest.version,
        contentHash,
        appRevision: manifest.appRevision,
        manifestKey,
        manifestSha256: put.sha256,
        components: components as unknown as Array<Record<string, unknown>>,
        taskId: null,
      });
      if (!created) {
        await this.discard(stored);
        if (row.contentHash !== contentHash) throw new DomainError('conflict', `${manifest.app} ${manifest.version} was imported concurrently with other content`);
        return { row, created: false };
      }
      for (const tag of manifest.tags) await this.packages.setTag(manifest.app, tag, manifest.version);
      return { row, created: true };
    } catch (error) {
      await this.discard(stored);
      if (error instanceof DomainError) throw error;
      // tar-stream's own complaints (a corrupt header, a truncated file) are bad input, not server errors.
      throw new DomainError('bad_request', `not a readable package file: ${error instanceof Error ? error.message : String(error)}`, [{ path: '(body)', message: 'corrupt or truncated tar' }]);
    } finally {
      await this.storage.delete(uploadKey).catch(() => undefined);
    }
  }

  private async readUpload(uploadKey: string, stored: string[]): Promise<{ manifest: ImportedManifest; components: StoredComponent[] }> {
    const extract = tar.extract();
    const source = await this.storage.get(uploadKey);
    source.on('error', (error) => extract.destroy(error));
    source.pipe(extract);
    let manifest: ImportedManifest | undefined;
    const components: StoredComponent[] = [];
    const importId = randomUUID();
    for await (const entry of extract) {
      const name = entry.header.name;
      if (!manifest) {
        if (name !== 'manifest.json') throw bad(`the first entry must be manifest.json (got ${name})`, name);
        manifest = await readManifest(entry);
        continue;
      }
      const expected = manifest.components.find((c) => c.path === name);
      if (!expected || archivePathFor(expected.name) !== name) throw bad(`unexpected entry ${name}: not a component of the manifest`, name);
      if (components.some((c) => c.name === expected.name)) throw bad(`entry ${name} appears twice`, name);
      const key = archiveKeyFor(manifest.app, expected.name, `import-${importId}`);
      stored.push(key);
      const put = await this.storage.put(key, Readable.from(entry), { contentType: 'application/gzip' });
      if (put.sha256 !== expected.sha256 || put.size !== expected.size) {
        throw new DomainError('conflict', `hash mismatch for component ${expected.name}: the manifest says sha256 ${expected.sha256} (${expected.size} bytes), the archive has ${put.sha256} (${put.size} bytes); nothing was imported`, [
          { path: name, message: 'sha256 does not match the manifest' },
        ]);
      }
      components.push({ ...expected, archiveKey: key });
    }
    if (!manifest) throw bad('the file holds no manifest.json: not an exported package', '(file)');
    const missing = manifest.components.filter((c) => !components.some((x) => x.name === c.name));
    if (missing.length > 0) throw bad(`component archives missing: ${missing.map((c) => c.path).join(', ')}`, missing[0]!.path);
    return { manifest, components };
  }

  private async discard(keys: string[]): Promise<void> {
    for (const key of keys.splice(0)) {
      await this.storage.delete(key).catch((error: unknown) => rootLogger().warn({ err: error, key }, 'could not delete a rejected import object'));
    }
  }
}

async function readManifest(entry: AsyncIterable<unknown> & { header: { size?: number } }): Promise<ImportedManifest> {
  if ((entry.header.size ?? 0) > maxManifestBytes) throw bad(`manifest.json is larger than ${maxManifestBytes} bytes`, 'manifest.json');
  const chunks: Buffer[] = [];
  for await (const chunk of entry) chunks.push(chunk as Buffer);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw bad(`manifest.json is not JSON: ${String(error)}`, 'manifest.json');
  }
  const parsed = importedManifest.safeParse(json);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ path: `manifest.json:${i.path.join('.')}`, message: i.message }));
    throw new DomainError('validation_failed', `manifest.json is not a package manifest: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
  }
  return parsed.data;
}

const bad = (message: string, path: string): DomainError => new DomainError('bad_request', message, [{ path, message }]);

import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import { readAll } from '../testing/object-store-contract.js';
import { streamOf, tarGz } from '../testing/tar-fixtures.js';
import { autoCompression, type ArchiveFormat } from './archive-compression.js';
import { extractArchive } from './extract-archive.js';
import { packDirectory, type PackDirectoryOptions } from './pack-directory.js';
import { readArchiveEntries } from './read-archive-entries.js';

const limits = { maxBytes: 64 * 1024 * 1024, maxEntries: 1000 };
const isGzip = (archive: Buffer) => archive[0] === 0x1f && archive[1] === 0x8b;

/** Packs `dir` and returns the archive with the format packDirectory announced. */
async function pack(dir: string, opts: PackDirectoryOptions): Promise<{ archive: Buffer; format: ArchiveFormat }> {
  let format: ArchiveFormat | undefined;
  const archive = await readAll(packDirectory(dir, { ...opts, onFormat: (f) => (format = f) }));
  assert.ok(format, 'onFormat must be called');
  return { archive, format };
}

describe('packDirectory compression', () => {
  let root: string;
  let small: string;
  let incompressible: string;
  let compressible: string;
  const randomContent = randomBytes(autoCompression.smallBytes + 1024 * 1024);
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'artifacts-compression-'));
    small = join(root, 'small');
    incompressible = join(root, 'incompressible');
    compressible = join(root, 'compressible');
    for (const dir of [small, incompressible, compressible]) await mkdir(dir);
    await writeFile(join(small, 'server.js'), 'console.log("hello");\n'.repeat(100));
    await writeFile(join(incompressible, 'README'), 'a small text file next to a big random one\n');
    await writeFile(join(incompressible, 'blob.bin'), randomContent);
    await writeFile(join(compressible, 'app.log'), 'GET /api/orders 200 12ms\n'.repeat((autoCompression.smallBytes + 1024 * 1024) / 25));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes a plain tar with compression "none", which extractArchive and readArchiveEntries read', async () => {
    const { archive, format } = await pack(small, { compression: 'none', extraFiles: { 'meta.json': '{}' } });
    assert.equal(format.compression, 'none');
    assert.ok(!isGzip(archive));
    assert.equal(archive.subarray(0, 9).toString(), 'meta.json', 'a tar starts with its first entry name');
    const entries = await readArchiveEntries(streamOf(archive), limits);
    assert.deepEqual([...entries.keys()], ['meta.json', 'server.js']);
    const dest = join(root, 'plain-out');
    assert.deepEqual((await extractArchive(streamOf(archive), dest, limits)).files, ['meta.json', 'server.js']);
    assert.equal(await readFile(join(dest, 'server.js'), 'utf8'), 'console.log("hello");\n'.repeat(100));
  });

  it('keeps gzip, at the level asked for, as the default', async () => {
    const fast = await pack(compressible, { gzipLevel: 1 });
    const best = await pack(compressible, { gzipLevel: 9 });
    assert.deepEqual(fast.format, { compression: 'gzip', level: 1, reason: 'asked for gzip' });
    assert.ok(isGzip(fast.archive) && isGzip(best.archive));
    assert.ok(best.archive.length < fast.archive.length, `level 9 (${best.archive.length}) must be smaller than level 1 (${fast.archive.length})`);
    assert.deepEqual(gunzipSync(best.archive), gunzipSync(fast.archive), 'same tar inside');
  });

  it('"auto" gzips small sources at the default level', async () => {
    const { archive, format } = await pack(small, { compression: 'auto' });
    assert.equal(format.compression, 'gzip');
    assert.equal(format.compression === 'gzip' && format.level, 6);
    assert.ok(archive.length < 2200 / 2, `${archive.length} bytes for 2 200 bytes of repeated text`);
  });

  it('"auto" packs large content that does not compress as a plain tar, byte for byte', async () => {
    const { archive, format } = await pack(incompressible, { compression: 'auto' });
    assert.equal(format.compression, 'none');
    assert.match(format.reason, /sample compresses by only -?\d+%/);
    assert.ok(!isGzip(archive));
    const entries = await readArchiveEntries(streamOf(archive), limits);
    assert.ok(entries.get('blob.bin')?.equals(randomContent));
  });

  it('"auto" gzips large compressible content at the fast level', async () => {
    const { archive, format } = await pack(compressible, { compression: 'auto' });
    assert.equal(format.compression, 'gzip');
    assert.equal(format.compression === 'gzip' && format.level, autoCompression.largeLevel);
    assert.ok(archive.length < autoCompression.smallBytes / 10, `${archive.length} bytes`);
  });
});

describe('reading archives gzip or not', () => {
  it('applies the same safety rules to a plain tar', async () => {
    const plain = gunzipSync(await tarGz([{ name: '../evil.txt', content: 'x' }]));
    await assert.rejects(readArchiveEntries(streamOf(plain), limits), (error: unknown) => error instanceof DomainError && error.errors[0]?.path === '../evil.txt');
  });

  it('tells gzip from tar even when the stream delivers one byte at a time', async () => {
    const archive = await tarGz([{ name: 'a.txt', content: 'gz' }]);
    const trickle = Readable.from([...archive].map((byte) => Buffer.from([byte])));
    assert.equal((await readArchiveEntries(trickle, limits)).get('a.txt')?.toString(), 'gz');
  });

  it('rejects input that is neither, naming both formats', async () => {
    for (const input of [Buffer.from('just some text, not an archive at all'), Buffer.alloc(0)]) {
      await assert.rejects(readArchiveEntries(streamOf(input), limits), (error: unknown) => {
        assert.ok(error instanceof DomainError);
        assert.equal(error.code, 'bad_request');
        assert.match(error.message, /^not a valid tar\.gz archive \(nor a plain tar\)/);
        return true;
      });
    }
  });
});

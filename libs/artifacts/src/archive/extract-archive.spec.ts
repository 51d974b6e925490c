import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import { streamOf, tarGz, type FixtureEntry } from '../testing/tar-fixtures.js';
import { extractArchive } from './extract-archive.js';

const limits = { maxBytes: 1024 * 1024, maxEntries: 100 };

describe('extractArchive', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'artifacts-extract-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Extraction of `entries` must fail with `code`, name the entry, and leave nothing behind. */
  async function expectRejected(entries: FixtureEntry[], code: string, entryName: string, fragment: string): Promise<void> {
    const parent = await mkdtemp(join(root, 'case-'));
    const dest = join(parent, 'out');
    await assert.rejects(extractArchive(streamOf(await tarGz(entries)), dest, limits), (error: unknown) => {
      assert.ok(error instanceof DomainError, String(error));
      assert.equal(error.code, code);
      assert.ok(error.message.includes(fragment), error.message);
      assert.equal(error.errors[0]?.path, entryName);
      return true;
    });
    assert.deepEqual(await readdir(parent), [], 'neither the destination nor a staging directory may remain');
  }

  it('extracts files and directories with their executable bit', async () => {
    const dest = join(root, 'ok');
    const archive = await tarGz([
      { name: './', type: 'directory' },
      { name: './bin/', type: 'directory' },
      { name: './bin/run.sh', content: '#!/bin/sh\n', mode: 0o755 },
      { name: 'docs/readme.md', content: 'hello' },
      { name: 'empty/', type: 'directory' },
    ]);
    const result = await extractArchive(streamOf(archive), dest, limits);
    assert.deepEqual(result, { files: ['bin/run.sh', 'docs/readme.md'], bytes: 15 });
    assert.equal(await readFile(join(dest, 'docs/readme.md'), 'utf8'), 'hello');
    assert.equal((await stat(join(dest, 'bin/run.sh'))).mode & 0o777, 0o755);
    assert.equal((await stat(join(dest, 'docs/readme.md'))).mode & 0o777, 0o644);
    assert.ok((await stat(join(dest, 'empty'))).isDirectory());
  });

  it('refuses path traversal', async () => {
    await expectRejected([{ name: 'ok.txt', content: 'x' }, { name: '../evil.txt', content: 'x' }], 'bad_request', '../evil.txt', 'path traversal');
    await expectRejected([{ name: 'a/../../evil.txt', content: 'x' }], 'bad_request', 'a/../../evil.txt', 'path traversal');
  });

  it('refuses absolute paths', async () => {
    await expectRejected([{ name: '/etc/passwd', content: 'x' }], 'bad_request', '/etc/passwd', 'absolute paths');
  });

  it('refuses symbolic and hard links, wherever they point', async () => {
    await expectRejected([{ name: 'link', type: 'symlink', linkname: '/etc/passwd' }], 'bad_request', 'link', 'symbolic links are not allowed');
    await expectRejected([{ name: 'inner', type: 'symlink', linkname: 'file' }], 'bad_request', 'inner', 'symbolic links');
    await expectRejected([{ name: 'hard', type: 'link', linkname: 'other' }], 'bad_request', 'hard', 'hard links are not allowed');
  });

  it('refuses device files and FIFOs', async () => {
    await expectRejected([{ name: 'dev/null', type: 'character-device' }], 'bad_request', 'dev/null', 'entry type character-device');
    await expectRejected([{ name: 'pipe', type: 'fifo' }], 'bad_request', 'pipe', 'entry type fifo');
  });

  it('refuses archives over the byte limit before writing the offending entry', async () => {
    const big = Buffer.alloc(600 * 1024, 1);
    await expectRejected([{ name: 'a.bin', content: big }, { name: 'b.bin', content: big }], 'payload_too_large', 'b.bin', `exceeds ${limits.maxBytes} bytes`);
  });

  it('refuses archives with too many entries', async () => {
    const entries = Array.from({ length: 101 }, (_, i) => ({ name: `f${i}`, content: 'x' }));
    await expectRejected(entries, 'payload_too_large', 'f100', 'more than 100 entries');
  });

  it('refuses duplicate paths and file/directory clashes', async () => {
    await expectRejected([{ name: 'a', content: '1' }, { name: './a', content: '2' }], 'bad_request', './a', 'more than once');
    await expectRejected([{ name: 'a', content: '1' }, { name: 'a/b', content: '2' }], 'bad_request', 'a/b', 'clashes');
  });

  it('reports input that is not a tar.gz as bad_request and cleans up', async () => {
    const parent = await mkdtemp(join(root, 'garbage-'));
    await assert.rejects(
      extractArchive(streamOf(Buffer.from('this is not gzip')), join(parent, 'out'), limits),
      (error: unknown) => error instanceof DomainError && error.code === 'bad_request' && error.message.startsWith('not a valid tar.gz archive'),
    );
    const truncated = (await tarGz([{ name: 'a', content: Buffer.alloc(10_000, 3) }])).subarray(0, 60);
    await assert.rejects(extractArchive(streamOf(truncated), join(parent, 'out'), limits), (error: unknown) => error instanceof DomainError && error.code === 'bad_request');
    assert.deepEqual(await readdir(parent), []);
  });

  it('refuses a destination that already holds files, leaving it untouched', async () => {
    const dest = join(root, 'occupied');
    await mkdir(dest);
    await writeFile(join(dest, 'keep.txt'), 'mine');
    await assert.rejects(extractArchive(streamOf(await tarGz([{ name: 'a', content: 'x' }])), dest, limits), (error: unknown) => error instanceof DomainError && error.code === 'conflict');
    assert.deepEqual(await readdir(dest), ['keep.txt']);
  });
});

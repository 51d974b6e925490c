import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import { streamOf, tarGz } from '../testing/tar-fixtures.js';
import { readArchiveEntries } from './read-archive-entries.js';

const limits = { maxBytes: 1024, maxEntries: 10 };

describe('readArchiveEntries', () => {
  it('returns every file by normalized path, skipping directories', async () => {
    const archive = await tarGz([
      { name: 'package/', type: 'directory' },
      { name: './package/plugin.yaml', content: 'name: demo' },
      { name: 'package/dist/index.js', content: 'export {}' },
    ]);
    const entries = await readArchiveEntries(streamOf(archive), limits);
    assert.deepEqual([...entries.keys()], ['package/dist/index.js', 'package/plugin.yaml']);
    assert.equal(entries.get('package/plugin.yaml')?.toString(), 'name: demo');
  });

  it('applies the same safety checks as extraction', async () => {
    const cases: [string, Parameters<typeof tarGz>[0], string][] = [
      ['bad_request', [{ name: '../x', content: 'x' }], '../x'],
      ['bad_request', [{ name: 'l', type: 'symlink', linkname: '../../etc' }], 'l'],
      ['payload_too_large', [{ name: 'big', content: Buffer.alloc(2048) }], 'big'],
    ];
    for (const [code, entries, name] of cases) {
      await assert.rejects(readArchiveEntries(streamOf(await tarGz(entries)), limits), (error: unknown) => {
        assert.ok(error instanceof DomainError);
        assert.equal(error.code, code);
        assert.equal(error.errors[0]?.path, name);
        return true;
      });
    }
  });
});

describe('readArchiveEntries against decompression bombs', () => {
  it('stops when the tar stream expands far beyond the limits, even without file content', async () => {
    // 12 MiB of zeros gzip to a few KiB; zero blocks are not entries, so only the expansion cap can stop it.
    const { gzipSync } = await import('node:zlib');
    const bomb = gzipSync(Buffer.alloc(12 * 1024 * 1024));
    await assert.rejects(readArchiveEntries(streamOf(bomb), limits), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'payload_too_large');
      assert.match(error.message, /^archive expands to more than \d+ bytes$/);
      return true;
    });
  });
});

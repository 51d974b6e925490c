import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import { readAhead } from './read-ahead.js';

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('readAhead', () => {
  let root: string;
  const content = randomBytes(1000 * 1000 + 17);
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'artifacts-read-ahead-'));
    await writeFile(join(root, 'file.bin'), content);
    await writeFile(join(root, 'empty'), '');
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('yields the file in order, whatever the chunk size and depth', async () => {
    for (const opts of [{ chunkBytes: 4096, depth: 1 }, { chunkBytes: 65_536, depth: 8 }, { chunkBytes: 10_000_000, depth: 2 }]) {
      assert.ok((await collect(readAhead(join(root, 'file.bin'), content.length, opts))).equals(content), JSON.stringify(opts));
    }
    assert.equal((await collect(readAhead(join(root, 'empty'), 0, { chunkBytes: 4096, depth: 4 }))).length, 0);
  });

  it('refuses a file that is shorter or longer than announced', async () => {
    for (const size of [content.length + 1, content.length - 1]) {
      await assert.rejects(collect(readAhead(join(root, 'file.bin'), size, { chunkBytes: 65_536, depth: 4 })), (error: unknown) => {
        assert.ok(error instanceof DomainError);
        assert.match(error.message, /changed size while it was packed/);
        return true;
      });
    }
  });

  it('notices a file that grows while it is read', async () => {
    const path = join(root, 'growing.bin');
    await writeFile(path, content);
    const chunks = readAhead(path, content.length, { chunkBytes: 65_536, depth: 2 });
    await chunks.next();
    await appendFile(path, 'more');
    await assert.rejects(collect(chunks), /changed size/);
  });
});

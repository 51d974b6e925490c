import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import { readAll } from '../testing/object-store-contract.js';
import { extractArchive } from './extract-archive.js';
import { packDirectory } from './pack-directory.js';
import { readArchiveEntries } from './read-archive-entries.js';

const limits = { maxBytes: 10 * 1024 * 1024, maxEntries: 1000 };

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

describe('packDirectory', () => {
  let root: string;
  let source: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'artifacts-pack-'));
    source = join(root, 'src');
    await writeTree(source, {
      '.amignore': '# build output\ndist/\n*.log\n/secrets.env\ncache/**/tmp\n',
      'oam/app.yaml': 'kind: Application',
      'bin/run.sh': '#!/bin/sh\necho hi\n',
      'dist/bundle.js': 'ignored',
      'nested/dist/also-ignored.js': 'ignored',
      'logs/today.log': 'ignored',
      'secrets.env': 'ignored at the root',
      'nested/secrets.env': 'kept: the pattern is anchored',
      'cache/a/b/tmp': 'ignored',
      'cache/keep': 'kept',
      'big.bin': 'x'.repeat(200_000),
    });
    await chmod(join(source, 'bin/run.sh'), 0o755);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('round-trips through extractArchive, honouring the ignore file and adding extra files', async () => {
    const archive = packDirectory(source, { ignoreFile: '.amignore', extraFiles: { 'meta/build.json': '{"v":1}', 'cache/keep': 'replaced' } });
    const dest = join(root, 'round-trip');
    const result = await extractArchive(archive, dest, limits);
    assert.deepEqual(result.files, ['.amignore', 'big.bin', 'bin/run.sh', 'cache/keep', 'meta/build.json', 'nested/secrets.env', 'oam/app.yaml']);
    assert.equal(await readFile(join(dest, 'big.bin'), 'utf8'), 'x'.repeat(200_000));
    assert.equal(await readFile(join(dest, 'cache/keep'), 'utf8'), 'replaced');
    assert.equal(await readFile(join(dest, 'meta/build.json'), 'utf8'), '{"v":1}');
  });

  it('produces byte-identical archives for the same input, in sorted path order', async () => {
    const first = await readAll(packDirectory(source, { ignoreFile: '.amignore' }));
    const second = await readAll(packDirectory(source, { ignoreFile: '.amignore' }));
    assert.ok(first.equals(second));
    const entries = await readArchiveEntries(packDirectory(source, { ignorePatterns: ['big.bin', 'dist/', 'cache/', 'logs/'] }), limits);
    assert.deepEqual([...entries.keys()], ['.amignore', 'bin/run.sh', 'nested/secrets.env', 'oam/app.yaml', 'secrets.env']);
  });

  it('refuses symbolic links in the directory, naming them', async () => {
    const withLink = join(root, 'with-link');
    await writeTree(withLink, { 'a.txt': 'a' });
    await symlink('/etc/passwd', join(withLink, 'passwd'));
    await assert.rejects(readAll(packDirectory(withLink)), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'bad_request');
      assert.equal(error.errors[0]?.path, 'passwd');
      return true;
    });
  });

  it('reports an ignore file using negation with its line number', async () => {
    const negated = join(root, 'negated');
    await writeTree(negated, { '.amignore': '*.log\n!keep.log\n', 'keep.log': 'x' });
    await assert.rejects(readAll(packDirectory(negated, { ignoreFile: '.amignore' })), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.deepEqual(error.errors[0], { path: '.amignore', line: 2, message: 'negation ("!") is not supported' });
      return true;
    });
  });

  it('refuses extra files with unsafe paths', async () => {
    await assert.rejects(readAll(packDirectory(source, { extraFiles: { '../escape': 'x' } })), (error: unknown) => error instanceof DomainError && error.code === 'bad_request');
  });
});

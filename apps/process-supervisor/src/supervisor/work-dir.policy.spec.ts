import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@appmanager/contracts';
import { resolveWorkDir } from './work-dir.policy.js';

describe('resolveWorkDir', () => {
  let root: string;
  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'workdir-')));
    mkdirSync(join(root, 'site'));
    writeFileSync(join(root, 'file.txt'), '');
    symlinkSync('/tmp', join(root, 'out'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const rejects = (cwd: string, pattern: RegExp) =>
    assert.throws(() => resolveWorkDir(root, 'a/b', cwd), (e: DomainError) => e.code === 'validation_failed' && e.errors[0]?.path === 'cwd' && pattern.test(e.message));

  it('gives a key without cwd a directory of its own under the root', () => {
    assert.equal(resolveWorkDir(root, 'shop/local/default/dev/api', undefined), join(root, 'shop%2Flocal%2Fdefault%2Fdev%2Fapi'));
  });
  it('resolves relative paths against the root and accepts absolute ones inside it', () => {
    assert.equal(resolveWorkDir(root, 'a/b', 'site'), join(root, 'site'));
    assert.equal(resolveWorkDir(root, 'a/b', join(root, 'site')), join(root, 'site'));
  });
  it('refuses paths outside the root, through links, missing ones and files', () => {
    rejects('/etc', /must be under the work root/);
    rejects('site/../../..', /must be under the work root/);
    rejects('out', /symbolic link/);
    rejects('missing', /does not exist/);
    rejects('file.txt', /not a directory/);
  });
});

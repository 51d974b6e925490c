import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import semver from 'semver';
import { versionSortKey } from './app-package.store.js';

const byKey = (a: string, b: string) => (versionSortKey(a) < versionSortKey(b) ? -1 : versionSortKey(a) > versionSortKey(b) ? 1 : 0);

describe('versionSortKey (SQL orders packages by it)', () => {
  it('orders versions exactly as semver does', () => {
    const versions = [
      '10.0.0', '1.10.0', '1.9.0', '2.0.0', '1.0.0', '1.0.1', '0.9.99',
      '1.0.0-rc.10', '1.0.0-rc.9', '1.0.0-rc.1', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11',
      '1.0.0-1', '1.0.0-2', '1.0.0-10', '2.0.0-rc.1',
    ];
    assert.deepEqual([...versions].sort(byKey), [...versions].sort(semver.compare));
  });

  it('ignores build metadata, as semver precedence does', () => {
    assert.equal(versionSortKey('1.2.3+build.7'), versionSortKey('1.2.3'));
  });

  it('puts a release after all of its prereleases and before the next patch', () => {
    assert.ok(versionSortKey('1.0.0-zzz') < versionSortKey('1.0.0'));
    assert.ok(versionSortKey('1.0.0') < versionSortKey('1.0.1-alpha'));
  });
});

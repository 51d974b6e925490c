import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextPatch, packageContentHash } from './package-content.js';

describe('nextPatch (version "auto")', () => {
  it('starts an app at 1.0.0', () => {
    assert.equal(nextPatch(undefined), '1.0.0');
  });

  it('bumps the patch of the latest version numerically', () => {
    assert.equal(nextPatch('1.4.0'), '1.4.1');
    assert.equal(nextPatch('1.4.9'), '1.4.10');
    assert.equal(nextPatch('2.10.99'), '2.10.100');
  });

  it('drops prerelease and build metadata of the latest', () => {
    assert.equal(nextPatch('2.0.0-rc.1'), '2.0.1');
    assert.equal(nextPatch('1.2.3+build.9'), '1.2.4');
  });
});

describe('packageContentHash (same content under a version = a no-op import)', () => {
  const web = { name: 'web', type: 'process', sha256: 'a'.repeat(64) };
  const api = { name: 'api', type: 'process', sha256: 'b'.repeat(64) };

  it('does not depend on the order of the components', () => {
    assert.equal(packageContentHash([web, api]), packageContentHash([api, web]));
  });

  it('changes with any archive, type or name', () => {
    const base = packageContentHash([web, api]);
    assert.notEqual(packageContentHash([web, { ...api, sha256: 'c'.repeat(64) }]), base);
    assert.notEqual(packageContentHash([web, { ...api, type: 'image' }]), base);
    assert.notEqual(packageContentHash([web, { ...api, name: 'api2' }]), base);
    assert.notEqual(packageContentHash([web]), base);
  });
});

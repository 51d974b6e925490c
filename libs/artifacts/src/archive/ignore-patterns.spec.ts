import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isIgnored, parseIgnorePatterns } from './ignore-patterns.js';

describe('ignore patterns', () => {
  const rules = parseIgnorePatterns(['node_modules/', '*.tmp', '/build', 'docs/**/*.png', '**/cache', 'a?c'].join('\n'), '.amignore');
  const cases: [string, boolean, boolean][] = [
    ['node_modules', true, true],
    ['pkg/node_modules', true, true],
    ['node_modules', false, false], // a file called node_modules: the pattern is for directories
    ['x.tmp', false, true],
    ['deep/er/x.tmp', false, true],
    ['x.tmp.keep', false, false],
    ['build', true, true],
    ['src/build', true, false], // anchored at the root
    ['docs/a.png', false, true],
    ['docs/img/deep/a.png', false, true],
    ['other/docs/a.png', false, false],
    ['cache', true, true],
    ['x/y/cache', true, true],
    ['abc', false, true],
    ['abbc', false, false],
    ['a/c', false, false], // "?" never matches "/"
  ];
  for (const [path, isDir, expected] of cases) {
    it(`${expected ? 'ignores' : 'keeps'} ${isDir ? 'directory' : 'file'} ${path}`, () => {
      assert.equal(isIgnored(rules, path, isDir), expected);
    });
  }

  it('treats regex characters in patterns literally', () => {
    const literal = parseIgnorePatterns('file(1).txt\na+b', 'x');
    assert.equal(isIgnored(literal, 'file(1).txt', false), true);
    assert.equal(isIgnored(literal, 'file1.txt', false), false);
    assert.equal(isIgnored(literal, 'aab', false), false);
  });
});

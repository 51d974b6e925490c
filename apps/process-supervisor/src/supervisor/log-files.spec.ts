import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maxLineLength, rotateIfLarger, tailLines } from './log-files.js';

describe('log files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logs-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('tails the last lines, reaching into the rotated file when needed', async () => {
    const log = join(dir, 'a.log');
    writeFileSync(log, Array.from({ length: 10 }, (_, i) => `old ${i}`).join('\n') + '\n');
    assert.equal(await rotateIfLarger(log, 10), true);
    assert.equal(readFileSync(log, 'utf8'), '');
    appendFileSync(log, 'new 0\nnew 1\n');
    assert.deepEqual(await tailLines(log, 3), ['old 9', 'new 0', 'new 1']);
    assert.deepEqual(await tailLines(log, 1), ['new 1']);
  });

  it('leaves small files alone, clips very long lines and answers [] for a missing file', async () => {
    const log = join(dir, 'b.log');
    writeFileSync(log, `${'x'.repeat(maxLineLength + 10)}\nlast`);
    assert.equal(await rotateIfLarger(log, 1_024 * 1_024), false);
    const [long, last] = await tailLines(log, 2);
    assert.equal(long!.length, maxLineLength + 1);
    assert.equal(last, 'last');
    assert.deepEqual(await tailLines(join(dir, 'none.log'), 5), []);
  });
});

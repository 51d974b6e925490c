import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { judgeExit } from './process-record.js';

const service = { command: ['node', 'server.js'], readiness: { httpGet: { path: '/' } } };
const job = { command: ['node', 'migrate.js'], readiness: { exitCode: 0 } };

describe('judgeExit', () => {
  it('counts a job that exits with the expected code as done and ready', () => {
    assert.deepEqual(judgeExit(job, 0, null), { state: 'exited', ready: true, message: 'completed: exited with code 0' });
    assert.deepEqual(judgeExit(job, 1, null), { state: 'failed', ready: false, message: 'exited with code 1; expected exit code 0' });
  });
  it('never counts an ended service as ready, and names signals and missing commands', () => {
    assert.equal(judgeExit(service, 0, null).state, 'exited');
    assert.equal(judgeExit(service, 0, null).ready, false);
    assert.equal(judgeExit(service, null, 'SIGKILL').message, 'killed by SIGKILL');
    assert.match(judgeExit(service, 127, null).message, /command not found: node/);
    assert.match(judgeExit(service, null, null).message, /exit code unknown/);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchAttrsOf } from './launch-attrs.js';

describe('attrs handed to a plugin call', () => {
  const outputs = { url: 'http://127.0.0.1:4000' };
  it("are what the plugin's launch returned", () => {
    assert.deepEqual(launchAttrsOf({ outputs, launchAttrs: { key: 'api', pid: 42 } }), { key: 'api', pid: 42 });
  });
  it('are the outputs for instances deployed before the event carried attrs (NULL) or without them ({})', () => {
    assert.deepEqual(launchAttrsOf({ outputs, launchAttrs: null }), outputs);
    assert.deepEqual(launchAttrsOf({ outputs, launchAttrs: {} }), outputs);
  });
});

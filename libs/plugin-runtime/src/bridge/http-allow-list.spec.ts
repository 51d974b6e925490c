import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isUrlAllowed } from './http-allow-list.js';

describe('isUrlAllowed', () => {
  it('matches exact hosts and subdomain wildcards over http(s) only', () => {
    const allow = ['api.example.com', '*.internal.test'];
    assert.equal(isUrlAllowed('https://api.example.com/v1', allow), true);
    assert.equal(isUrlAllowed('http://API.example.com:8080/', allow), true);
    assert.equal(isUrlAllowed('https://db.internal.test/', allow), true);
    assert.equal(isUrlAllowed('https://example.com/', allow), false);
    assert.equal(isUrlAllowed('https://api.example.com.evil.org/', allow), false);
    assert.equal(isUrlAllowed('https://evilinternal.test/', allow), false);
    assert.equal(isUrlAllowed('file:///etc/passwd', allow), false);
    assert.equal(isUrlAllowed('not a url', allow), false);
  });
});

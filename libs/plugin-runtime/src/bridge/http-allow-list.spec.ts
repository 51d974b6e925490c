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

  it('lets an entry with a port allow only that port of that host', () => {
    assert.equal(isUrlAllowed('http://127.0.0.1:4567/count', ['127.0.0.1:4567']), true);
    assert.equal(isUrlAllowed('http://127.0.0.1:4568/count', ['127.0.0.1:4567']), false);
    assert.equal(isUrlAllowed('http://127.0.0.1/count', ['127.0.0.1:80']), true);
    assert.equal(isUrlAllowed('https://api.example.com/x', ['*.example.com:443']), true);
    assert.equal(isUrlAllowed('http://api.example.com:8080/x', ['*.example.com:443']), false);
    assert.equal(isUrlAllowed('http://127.0.0.1:9999/x', ['127.0.0.1']), true, 'no port: any port of that host');
  });
});

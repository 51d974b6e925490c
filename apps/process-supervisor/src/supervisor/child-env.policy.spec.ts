import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { childEnvironment } from './child-env.policy.js';

describe('childEnvironment', () => {
  it('passes PATH, HOME and LANG, the requested variables and PORT — nothing else of the supervisor', () => {
    const env = childEnvironment({ PATH: '/bin', HOME: '/root', LANG: 'C.UTF-8', MYSQL_PASSWORD: 'secret', NATS_URL: 'nats://x' }, { GREETING: 'hi' }, 4100);
    assert.deepEqual(env, { PATH: '/bin', HOME: '/root', LANG: 'C.UTF-8', GREETING: 'hi', PORT: '4100' });
  });
  it('lets the request override inherited variables, but not the port the supervisor probes', () => {
    const env = childEnvironment({ PATH: '/bin' }, { PATH: '/opt/bin', PORT: '1' }, 4100);
    assert.equal(env.PATH, '/opt/bin');
    assert.equal(env.PORT, '4100');
  });
});

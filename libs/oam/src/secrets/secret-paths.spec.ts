import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets, secretPaths } from '../index.js';

const schema = {
  type: 'object',
  $defs: { credential: { type: 'object', properties: { token: { type: 'string', 'x-secret': true } } } },
  properties: {
    password: { type: 'string', 'x-secret': true },
    db: { type: 'object', properties: { user: { type: 'string' }, password: { type: 'string', 'x-secret': true } } },
    users: { type: 'array', items: { $ref: '#/$defs/credential' } },
    env: { type: 'object', additionalProperties: { type: 'string' }, patternProperties: { '_SECRET$': { 'x-secret': true } } },
    tls: { allOf: [{ type: 'object' }, { properties: { key: { 'x-secret': true } } }] },
  },
};

describe('secretPaths', () => {
  it('lists every present value the schema marks x-secret', () => {
    const properties = {
      password: 'p',
      db: { user: 'u', password: 'dp' },
      users: [{ token: 't0' }, { name: 'no token' }, { token: 't2' }],
      env: { PLAIN: 'x', API_SECRET: 's' },
      tls: { key: 'k', cert: 'c' },
    };
    assert.deepEqual(secretPaths(schema, properties).sort(), ['db.password', 'env.API_SECRET', 'password', 'tls.key', 'users[0].token', 'users[2].token']);
  });

  it('skips absent values and schema-less plugins', () => {
    assert.deepEqual(secretPaths(schema, { db: { user: 'u' } }), []);
    assert.deepEqual(secretPaths(undefined, { password: 'p' }), []);
  });

  it('redacts a copy', () => {
    const properties = { password: 'p', db: { user: 'u', password: 'dp' } };
    assert.deepEqual(redactSecrets(schema, properties), { password: '******', db: { user: 'u', password: '******' } });
    assert.equal(properties.password, 'p');
  });
});

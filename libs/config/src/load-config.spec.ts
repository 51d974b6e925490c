import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, infraEnvSchema, loadConfig } from './index.js';

describe('loadConfig', () => {
  it('gives the local defaults on an empty environment', () => {
    const config = loadConfig(infraEnvSchema, {});
    assert.equal(config.MYSQL_HOST, '127.0.0.1');
    assert.equal(config.MYSQL_PORT, 3306);
    assert.equal(config.REDIS_URL, 'redis://127.0.0.1:6379');
    assert.equal(config.NATS_URL, 'nats://127.0.0.1:4222');
    assert.equal(config.STORAGE_DRIVER, 'local');
  });

  it('names every bad variable at once', () => {
    assert.throws(
      () => loadConfig(infraEnvSchema, { MYSQL_PORT: 'abc', STORAGE_DRIVER: 'ftp', DB_PREFIX: 'Bad-Prefix' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const text = error.message;
        assert.match(text, /MYSQL_PORT/);
        assert.match(text, /STORAGE_DRIVER/);
        assert.match(text, /DB_PREFIX/);
        return true;
      },
    );
  });
});

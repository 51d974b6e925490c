import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '@appmanager/contracts';
import { foldAppHealth } from '../aggregate/app-health-fold.js';
import { nextComponentHealth } from '../health/health-states.js';
import { checkInterval } from './check-interval.js';
import { defaultPullTiers, parsePullTiers, tierInterval } from './pull-tiers.js';

describe('pull tiers', () => {
  const tiers = parsePullTiers(defaultPullTiers);
  it('follows the default bands: 5 s ×60, 10 s to 120, 30 s to 180, 1–4 min bands to 420, then 5 min', () => {
    const at = (checks: number) => tierInterval(tiers, checks) / 1_000;
    assert.deepEqual([0, 59, 60, 119, 120, 179, 180, 240, 300, 360, 419, 420, 10_000].map(at), [5, 5, 10, 10, 30, 30, 60, 120, 180, 240, 240, 300, 300]);
  });
  it('rechecks failed and expired instances hourly and watched ones at the slowest band', () => {
    assert.equal(checkInterval(tiers, 3_600_000, 'failed', 0, false), 3_600_000);
    assert.equal(checkInterval(tiers, 3_600_000, 'healthy', 0, true), 300_000);
  });
  it('names the band at fault in a malformed list', () => {
    assert.throws(() => parsePullTiers('5s*60,10x*120,1m'), (e: unknown) => e instanceof DomainError && /STATUS_PULL_TIERS\[1\]/.test(e.message));
    assert.throws(() => parsePullTiers('5s*60,10s*30,1m'), /bounds must grow/);
  });
});

describe('component health', () => {
  const since = new Date('2026-01-01T00:00:00Z');
  it('a change into an unstable state restarts the count (fast tier); staying healthy keeps counting', () => {
    assert.deepEqual(nextComponentHealth({ health: 'healthy', checks: 400, healthChangedAt: since }, { health: 'unhealthy', message: 'x' }, since, 1e9), { health: 'unhealthy', message: 'x', checks: 0, changed: true });
    assert.equal(nextComponentHealth({ health: 'healthy', checks: 400, healthChangedAt: since }, { health: 'healthy', message: null }, since, 1e9).checks, 401);
  });
  it('unhealthy for longer than the expiry becomes expired', () => {
    const later = new Date(since.getTime() + 10_000);
    assert.equal(nextComponentHealth({ health: 'unhealthy', checks: 3, healthChangedAt: since }, { health: 'unhealthy', message: null }, later, 5_000).health, 'expired');
  });
});

describe('app health fold', () => {
  const now = new Date();
  const fold = (counts: Record<string, number>) => foldAppHealth(new Map(Object.entries(counts)), null, now, 1_800_000).health;
  it('any failed → failed; unhealthy, degraded, progressing outrank healthy; all expired → expired', () => {
    assert.equal(fold({ healthy: 5, failed: 1, unhealthy: 1 }), 'failed');
    assert.equal(fold({ healthy: 5, degraded: 1 }), 'degraded');
    assert.equal(fold({ healthy: 5, progressing: 1 }), 'progressing');
    assert.equal(fold({ healthy: 5, unhealthy: 1, degraded: 2 }), 'unhealthy');
    assert.equal(fold({ expired: 3 }), 'expired');
    assert.equal(fold({ healthy: 3 }), 'healthy');
  });
  it('no components for 30 minutes → deleted', () => {
    assert.equal(foldAppHealth(new Map(), new Date(now.getTime() - 1_800_000), now, 1_800_000).health, 'deleted');
    assert.equal(foldAppHealth(new Map(), new Date(now.getTime() - 60_000), now, 1_800_000).health, 'unknown');
  });
});

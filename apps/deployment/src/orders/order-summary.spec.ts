import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeOrderEntity } from '@appmanager/persistence';
import { orderSummary, summariseOrder } from './order-summary.js';

type Row = Pick<NodeOrderEntity, 'nodeId' | 'kind' | 'state' | 'attempts' | 'plugin' | 'type' | 'error' | 'message'>;
const row = (nodeId: string, state: Row['state'], extra: Partial<Row> = {}): Row => ({ nodeId, kind: 'component', state, attempts: 1, plugin: 'process@1.0.0', type: 'process', error: null, message: null, ...extra });

describe('order summary', () => {
  it('names the first failed node, its plugin, attempt and error, and what was skipped behind it', () => {
    const nodes = [row('api', 'failed', { error: 'launch: port 8080 in use', attempts: 2 }), row('web#gate', 'skipped', { kind: 'gate' }), row('web', 'skipped'), row('db', 'succeeded')];
    const sentence = 'component node api (process@1.0.0) failed on attempt 2: launch: port 8080 in use; 2 dependent node(s) were skipped.';
    assert.equal(orderSummary(nodes), sentence);
    assert.equal(summariseOrder({ failed: 1, skipped: 2, succeeded: 1 }, [nodes[0]!]), sentence, 'from counts and the failed rows only: the same sentence');
  });

  it('counts every node when all succeeded, and the nodes not run when terminated', () => {
    assert.equal(summariseOrder({ succeeded: 2000 }, []), 'all 2000 node(s) succeeded');
    assert.equal(summariseOrder({ succeeded: 3, terminated: 2 }, []), 'terminated with 2 node(s) not run');
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { componentDeployedEvent, eventSubject } from '@appmanager/contracts';
import { connectNats, type NatsConnection } from '@appmanager/messaging';
import { eventually } from '@appmanager/testing';
import { http } from './stack.js';
import { countingApp, finished, startDeploymentStack, type DeploymentStack, type NodeView } from './support/deployment-stack.js';

describe('deployment DAG engine over HTTP (gateway, plugin registry, deployment, two workers, uploaded test plugins)', () => {
  let d: DeploymentStack;
  let api: string;
  let nc: NatsConnection;
  before(async () => {
    d = await startDeploymentStack();
    api = d.stack.api;
    nc = await connectNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', 'e2e-deployment-engine');
  });
  after(async () => {
    await nc?.close();
    await d?.stop();
  });

  it('refuses a bad Application with every error, its path and line', async () => {
    const yaml = [
      'apiVersion: core.oam.dev/v1beta1',
      'kind: Application',
      'metadata: {name: bad}',
      'spec:',
      '  components:',
      '    - {name: a, type: counting, properties: {counter: x, v: "${{ outputs.nope }}"}}',
      '    - {name: a, type: no-such-type}',
      '    - {name: b, type: noop, traits: [{type: label, properties: {value: 1}}]}',
      '    - {name: c, type: counting, dependsOn: [d], properties: {counter: x}}',
      '    - {name: d, type: counting, dependsOn: [c], properties: {counter: x}}',
    ].join('\n');
    const bad = await http('PUT', `${api}/v1/apps/bad`, yaml, 'application/yaml');
    assert.equal(bad.status, 400, bad.text);
    const messages = bad.json.errors.map((e: { path: string; message: string }) => `${e.path}: ${e.message}`).join('\n');
    assert.match(messages, /spec\.components\[1\]\.type: .*no-such-type/);
    assert.match(messages, /spec\.components\[1\]\.name: .*duplicate|spec\.components\[1\]\.name/i);
    assert.match(messages, /traits\[0\].*label|label.*counting/);
    assert.match(messages, /nope/);
    assert.match(messages, /cycle/i);
    assert.ok(bad.json.errors.every((e: { line?: number }) => typeof e.line === 'number'), 'YAML errors carry lines');

    const many = countingApp('many', 'x', Array.from({ length: 2001 }, (_, i) => [`c${i}`, []] as [string, string[]]));
    const tooMany = await http('PUT', `${api}/v1/apps/many`, many);
    assert.equal(tooMany.status, 400);
    assert.match(JSON.stringify(tooMany.json.errors), /2,?000/);
  });

  it('validates without storing, naming the DAG size and plugin versions', async () => {
    const ok = await http('POST', `${api}/v1/apps/pair/validate`, countingApp('pair', d.counter.url, [['a', []], ['b', ['a']]]));
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.nodeCount, 4);
    assert.deepEqual(ok.json.plugins, { 'component/counting': '1.0.0' });
    const missing = await http('GET', `${api}/v1/apps/pair`);
    assert.equal(missing.status, 404);
  });

  it('deploys a DAG with traits and data flow, records plugin versions, streams transitions and draws the graph', async () => {
    const app = {
      apiVersion: 'core.oam.dev/v1beta1',
      kind: 'Application',
      metadata: { name: 'flow' },
      spec: {
        parameters: { greeting: 'hi' },
        components: [
          {
            name: 'api',
            type: 'counting',
            properties: { counter: d.counter.url, readyAfterMs: 600, value: '${{ parameters.greeting }}' },
            traits: [{ type: 'expose', outputs: [{ name: 'apiUrl', valueFrom: 'url' }] }],
          },
          {
            name: 'web',
            type: 'counting',
            properties: { counter: d.counter.url },
            inputs: [{ from: 'apiUrl', parameterKey: 'value' }],
            traits: [{ type: 'label', properties: { value: '${{ context.stage }}' } }],
          },
          { name: 'late', type: 'counting', dependsOn: ['web'], properties: { counter: d.counter.url, value: '${{ outputs.apiUrl }}' } },
        ],
      },
    };
    const put = await http('PUT', `${api}/v1/apps/flow`, app);
    assert.equal(put.status, 200, put.text);
    // What the status watcher is told about each deployed component.
    const deployed: Array<{ component: string; attrs: Record<string, unknown>; outputs: Record<string, unknown> }> = [];
    const sub = nc.subscribe(eventSubject(d.env.NATS_PREFIX!, componentDeployedEvent.type), {
      callback: (_error, msg) => void deployed.push(JSON.parse(new TextDecoder().decode(msg.data)).data),
    });
    const created = await http('POST', `${api}/v1/deployments`, { app: 'flow', target: { stage: 'qa' } });
    assert.equal(created.status, 202, created.text);
    const id = created.json.id as string;
    assert.deepEqual(created.json.pluginVersions, { 'component/counting': '1.0.0', 'trait/expose': '1.0.0', 'trait/label': '1.0.0' });

    const events = await readSse(`${api}/v1/deployments/${id}/events`);
    assert.equal(events[0]!.event, 'snapshot');
    assert.equal(events.at(-1)!.event, 'order-changed', 'the stream ends with the order finishing');
    const order = await finished(api, id);
    assert.equal(order.state, 'succeeded', order.summary);
    const byId = new Map(order.nodes.map((n) => [n.id, n]));
    assert.deepEqual([...byId.keys()].sort(), ['api', 'api#gate', 'api#trait:0:expose', 'late', 'late#gate', 'web', 'web#gate', 'web#trait:0:label']);
    for (const n of order.nodes) assert.equal(n.attempts, 1, n.id);
    // The post-trait's output reached web through inputs; web's pre-trait then patched `value` with the stage.
    assert.equal(byId.get('web')!.outputs!.value, 'qa');
    assert.equal(byId.get('late')!.outputs!.value, 'http://api.test/exposed');
    assert.equal(byId.get('api')!.outputs!.value, 'hi');
    assert.ok(new Date(byId.get('web#gate')!.startedAt!) >= new Date(byId.get('api#trait:0:expose')!.finishedAt!), 'web waits for the output producer');
    const streamed = events.filter((e) => e.event === 'node-changed').map((e) => `${e.data.nodeId}:${e.data.state}`);
    assert.ok(streamed.includes('api:waiting') && streamed.includes('late:succeeded'), streamed.join(' '));

    const graph = await http('GET', `${api}/v1/deployments/${id}/graph`);
    assert.equal(graph.status, 200);
    const edges = graph.json.edges.map((e: { from: string; to: string; reason: string }) => `${e.from}>${e.to}:${e.reason}`);
    assert.ok(edges.includes('api#trait:0:expose>web#gate:output'), edges.join(' '));
    assert.ok(edges.includes('web>late#gate:dependsOn'), edges.join(' '));
    assert.ok(graph.json.nodes.every((n: { state: string }) => n.state === 'succeeded'));

    // component.deployed carries what launch returned, so health checks and destroy get it back.
    await eventually(async () => (deployed.length >= 3 ? true : undefined), 10_000, 'three component.deployed events');
    sub.unsubscribe();
    assert.deepEqual(deployed.map((e) => e.component).sort(), ['api', 'late', 'web']);
    for (const event of deployed) {
      assert.equal(event.attrs.mode, 'ok', event.component);
      assert.equal(typeof event.attrs.launchedAt, 'number', event.component);
    }
    assert.equal(deployed.find((e) => e.component === 'web')!.outputs.value, 'qa');
  });

  it('refuses a second deploy of the same app and target while one runs', async () => {
    d.counter.setMode('slow1', 'never-ready');
    await http('PUT', `${api}/v1/apps/busy`, countingApp('busy', d.counter.url, [['slow1', []]]));
    const first = await http('POST', `${api}/v1/deployments`, { app: 'busy' });
    assert.equal(first.status, 202);
    const second = await http('POST', `${api}/v1/deployments`, { app: 'busy' });
    assert.equal(second.status, 409, second.text);
    assert.match(second.json.detail, new RegExp(first.json.id));
    const elsewhere = await http('POST', `${api}/v1/deployments`, { app: 'busy', target: { stage: 'other' } });
    assert.equal(elsewhere.status, 202, 'another target is independent');
    for (const id of [first.json.id, elsewhere.json.id]) {
      const stopped = await http('POST', `${api}/v1/deployments/${id}/terminate`);
      assert.equal(stopped.json.state, 'terminated');
    }
    const afterStop = await http('POST', `${api}/v1/deployments`, { app: 'busy' });
    assert.equal(afterStop.status, 202, 'the target is free after terminate');
    await http('POST', `${api}/v1/deployments/${afterStop.json.id}/terminate`);
    assert.ok(d.counter.destroyed.includes('slow1'), 'counting asks for destroy on terminate');
  });

  it('fails a node with the plugin message, skips its dependants, waits for an operator, and retry keeps what succeeded', async () => {
    d.counter.setMode('db', 'get-failed');
    await http('PUT', `${api}/v1/apps/shop`, countingApp('shop', d.counter.url, [['base', []], ['db', ['base']], ['api', ['db']], ['side', ['base']]]));
    const created = await http('POST', `${api}/v1/deployments`, { app: 'shop' });
    const failed = await finished(api, created.json.id);
    assert.equal(failed.state, 'failed');
    assert.match(failed.summary, /node db \(counting@1\.0\.0\) failed on attempt 1: the plugin reports failed: the database refused the connection/);
    const node = (id: string, o = failed): NodeView => o.nodes.find((n) => n.id === id)!;
    assert.equal(node('db').state, 'failed');
    assert.match(node('db').error!, /database refused/);
    assert.equal(node('api#gate').state, 'skipped');
    assert.equal(node('api').state, 'skipped');
    assert.equal(node('side').state, 'succeeded', 'independent branches still finish');

    d.counter.setMode('db', 'ok');
    const retried = await http('POST', `${api}/v1/deployments/${created.json.id}/retry`);
    assert.equal(retried.status, 202, retried.text);
    const done = await finished(api, created.json.id);
    assert.equal(done.state, 'succeeded', done.summary);
    assert.equal(node('db', done).attempts, 2);
    assert.equal(node('base', done).attempts, 1, 'succeeded nodes are not run again');
    assert.equal(d.counter.attemptsOf(created.json.id, 'base').get(2), undefined);
  });

  it('fails a node whose plugin throws or never gets ready, with the reason', async () => {
    d.counter.setMode('thrower', 'launch-throws');
    d.counter.setMode('sleeper', 'never-ready');
    await http('PUT', `${api}/v1/apps/bad-plugins`, countingApp('bad-plugins', d.counter.url, [['thrower', []]]));
    const thrown = await finished(api, (await http('POST', `${api}/v1/deployments`, { app: 'bad-plugins' })).json.id);
    assert.equal(thrown.state, 'failed');
    assert.match(thrown.summary, /thrower.*launch failed: .*boom: the counting plugin was told to fail/);

    const slow = JSON.parse(countingApp('slow', d.counter.url, [['sleeper', []]]));
    slow.spec.components[0].timeoutSeconds = 2;
    await http('PUT', `${api}/v1/apps/slow`, slow);
    const timedOut = await finished(api, (await http('POST', `${api}/v1/deployments`, { app: 'slow' })).json.id);
    assert.equal(timedOut.state, 'failed');
    assert.match(timedOut.summary, /timed out after 2s waiting for sleeper to be ready \(last status progressing: still starting\)/);
  });

  it('rolls back to the previous succeeded revision on the same target', async () => {
    await http('PUT', `${api}/v1/apps/roll`, countingApp('roll', d.counter.url, [['one', []]]));
    const good = await finished(api, (await http('POST', `${api}/v1/deployments`, { app: 'roll' })).json.id);
    assert.equal(good.state, 'succeeded');
    d.counter.setMode('two', 'get-failed');
    await http('PUT', `${api}/v1/apps/roll`, countingApp('roll', d.counter.url, [['one', []], ['two', ['one']]]));
    const badId = (await http('POST', `${api}/v1/deployments`, { app: 'roll' })).json.id;
    assert.equal((await finished(api, badId)).state, 'failed');
    const rolled = await http('POST', `${api}/v1/deployments/${badId}/rollback`);
    assert.equal(rolled.status, 202, rolled.text);
    assert.equal(rolled.json.revision, 1);
    assert.equal((await finished(api, rolled.json.id)).state, 'succeeded');
    assert.equal((await http('GET', `${api}/v1/deployments/${badId}`)).json.state, 'terminated');
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SSE payloads are arbitrary JSON
async function readSse(url: string): Promise<Array<{ event: string; data: any }>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  assert.equal(response.status, 200);
  const text = await response.text(); // the server ends the stream when the order finishes
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)?.[1] ?? 'message',
      data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!),
    }));
}

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError, defineEvent, defineRpc, type EventEnvelope } from '@appmanager/contracts';
import { createTestRun, eventually } from '@appmanager/testing';
import { connectNats, EventBus, RpcClient, RpcServer, type NatsConnection, type ProcessedEvents } from '@appmanager/messaging';

const run = createTestRun('msg');
const prefix = run.id;
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const echoRpc = defineRpc('echo', 'say', z.object({ text: z.string().min(1), times: z.number().int().positive() }), z.object({ said: z.string() }));
const failRpc = defineRpc('echo', 'fail', z.object({}), z.object({}));
const slowRpc = defineRpc('echo', 'slow', z.object({ ms: z.number() }), z.object({}));
const missingRpc = defineRpc('nobody', 'home', z.object({}), z.object({}));
const thingHappened = defineEvent('test.thing-happened.v1', z.object({ n: z.number() }));

/** ProcessedEvents is our own interface; services back it with MySQL, a Set is enough here. */
class MemoryProcessed implements ProcessedEvents {
  readonly seen = new Set<string>();
  async has(consumer: string, id: string) {
    return this.seen.has(`${consumer}/${id}`);
  }
  async mark(consumer: string, id: string) {
    this.seen.add(`${consumer}/${id}`);
  }
}

describe('messaging over a real NATS server', () => {
  let serverNc: NatsConnection;
  let clientNc: NatsConnection;
  let server: RpcServer;
  let client: RpcClient;

  before(async () => {
    serverNc = await connectNats(natsUrl, 'test-server');
    clientNc = await connectNats(natsUrl, 'test-client');
    server = new RpcServer(serverNc, prefix);
    client = new RpcClient(clientNc, prefix, 1_000);
    server.handle(echoRpc, async ({ text, times }) => ({ said: text.repeat(times) }));
    server.handle(failRpc, async () => {
      throw new DomainError('conflict', 'version 1.2.0 already exists with other content', [{ path: 'version', message: 'taken' }], { app: 'shop' });
    });
    server.handle(slowRpc, async ({ ms }) => {
      await new Promise((r) => setTimeout(r, ms));
      return {};
    });
    await serverNc.flush();
  });

  after(async () => {
    await server.close();
    await serverNc.close();
    await clientNc.close();
    await run.cleanup();
  });

  it('answers a request with validated data', async () => {
    assert.deepEqual(await client.call(echoRpc, { text: 'ab', times: 3 }), { said: 'ababab' });
  });

  it('carries a domain error across NATS with its code, message, details and meta', async () => {
    await assert.rejects(client.call(failRpc, {}), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'conflict');
      assert.equal(error.message, 'version 1.2.0 already exists with other content');
      assert.deepEqual(error.errors, [{ path: 'version', message: 'taken' }]);
      assert.deepEqual(error.meta, { app: 'shop' });
      return true;
    });
  });

  it('rejects an invalid request on the server with every problem and its path', async () => {
    // The client's types would stop this; a caller in another language would not be.
    const raw = client as unknown as { call: (d: unknown, p: unknown) => Promise<unknown> };
    await assert.rejects(raw.call(echoRpc, { text: '', times: -1 }), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'validation_failed');
      assert.deepEqual(error.errors.map((e) => e.path).sort(), ['text', 'times']);
      return true;
    });
  });

  it('says at once that a service is not running', async () => {
    const started = Date.now();
    await assert.rejects(client.call(missingRpc, {}), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'service_unavailable');
      assert.match(error.message, /nobody service is not running/);
      return true;
    });
    assert.ok(Date.now() - started < 900, 'no responders is immediate, not a timeout');
  });

  it('cuts off a service that does not answer in time', async () => {
    await assert.rejects(client.call(slowRpc, { ms: 3_000 }, { timeoutMs: 300 }), (error: unknown) => {
      assert.ok(error instanceof DomainError);
      assert.equal(error.code, 'service_unavailable');
      assert.match(error.message, /did not answer within 300ms/);
      return true;
    });
  });

  it('lets requests already taken finish when the server closes', async () => {
    const inFlight = client.call(slowRpc, { ms: 300 }, { timeoutMs: 2_000 });
    await new Promise((r) => setTimeout(r, 50));
    const second = new RpcServer(serverNc, prefix);
    second.handle(echoRpc, async () => ({ said: 'second' }));
    await server.close();
    assert.deepEqual(await inFlight, {});
    server = second;
  });
});

describe('domain events on a real JetStream', () => {
  let nc: NatsConnection;
  before(async () => {
    nc = await connectNats(natsUrl, 'test-events');
  });
  after(async () => {
    await nc.close();
  });

  it('delivers to a durable consumer at least once and runs the handler once per event id', async () => {
    const bus = await EventBus.create(nc, prefix, 'test');
    const processed = new MemoryProcessed();
    const handled: number[] = [];
    let failures = 0;
    await bus.consume('counter', thingHappened, async (event: EventEnvelope<{ n: number }>) => {
      if (event.data.n === 2 && failures === 0) {
        failures++;
        throw new Error('a transient failure');
      }
      handled.push(event.data.n);
    }, { processed });
    const same = randomUUID();
    await bus.publish(thingHappened, { n: 1 }, same);
    await bus.publish(thingHappened, { n: 1 }, same); // a publisher retry: the stream drops it
    await bus.publish(thingHappened, { n: 2 });
    await eventually(async () => (handled.includes(2) ? true : undefined), 10_000, 'the failed event to be redelivered');
    assert.deepEqual(handled.sort(), [1, 2]);
    assert.equal(failures, 1);
    await bus.close();
  });

  it('resumes where it left off after a restart, without replaying what it handled', async () => {
    const processed = new MemoryProcessed();
    const first = await EventBus.create(nc, prefix, 'test');
    const seen: number[] = [];
    await first.consume('resumer', thingHappened, async (e) => void seen.push(e.data.n), { processed });
    await first.publish(thingHappened, { n: 10 });
    await eventually(async () => (seen.includes(10) ? true : undefined), 5_000, 'the first event');
    await first.close();

    const publisher = await EventBus.create(nc, prefix, 'test');
    await publisher.publish(thingHappened, { n: 11 });

    const second = await EventBus.create(nc, prefix, 'test');
    const later: number[] = [];
    await second.consume('resumer', thingHappened, async (e) => void later.push(e.data.n), { processed });
    await eventually(async () => (later.includes(11) ? true : undefined), 5_000, 'the event published while down');
    assert.ok(!later.includes(10), 'the handled event is not handled again');
    await second.close();
  });

  it('stores announced events (no ack awaited) in the stream, still de-duplicated by event id', async () => {
    const bus = await EventBus.create(nc, prefix, 'test');
    const got: number[] = [];
    await bus.consume('announced', thingHappened, async (e) => void got.push(e.data.n), { processed: new MemoryProcessed() });
    const id = randomUUID();
    bus.announce(thingHappened, { n: 42 }, id);
    bus.announce(thingHappened, { n: 42 }, id);
    bus.announce(thingHappened, { n: 43 });
    await eventually(async () => (got.includes(43) ? true : undefined), 5_000, 'the announced events');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(got.filter((n) => n >= 42).sort(), [42, 43]);
    await bus.close();
  });
});

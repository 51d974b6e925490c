import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startServiceProcess, type ServiceProcess } from '@appmanager/testing';
import { http, root, startStack, type Stack } from './stack.js';

/** A minimal tar (ustar) built by hand so a test can carry entries packDirectory never writes (`../evil`). */
function tarGz(entries: Array<{ name: string; content: string }>): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.content);
    const header = Buffer.alloc(512);
    header.write(entry.name, 0, 100);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

async function finished(stack: Stack, id: string, timeoutMs = 60_000) {
  return eventually(
    async () => {
      const task = await http('GET', `${stack.api}/v1/package-tasks/${id}`);
      return task.json?.state === 'running' ? undefined : task.json;
    },
    timeoutMs,
    `package task ${id} to finish`,
  );
}

describe('packaging: package tasks, versions, tags, faults', () => {
  let stack: Stack;
  let sources: string;
  const extraWorkers: ServiceProcess[] = [];

  before(async () => {
    sources = mkdtempSync(join(tmpdir(), 'pkg-sources-'));
    const api = join(sources, 'shop', 'api');
    mkdirSync(api, { recursive: true });
    writeFileSync(join(api, 'package.json'), JSON.stringify({ name: 'api', scripts: { start: 'node server.js' } }));
    writeFileSync(join(api, 'server.js'), 'require("http").createServer((q, s) => s.end("hi")).listen(process.env.PORT);\n');
    writeFileSync(join(api, 'secret.txt'), 'not packaged');
    writeFileSync(join(api, '.amignore'), 'secret.txt\n');
    mkdirSync(join(sources, 'shop', 'broken'), { recursive: true });
    writeFileSync(join(sources, 'shop', 'broken', 'README'), 'nothing to run here');
    mkdirSync(join(sources, 'shop', 'big'), { recursive: true });
    // Big enough that the build is still running when its worker is killed.
    const chunk = Buffer.alloc(16 * 1024 * 1024);
    for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((i * 2654435761) >>> 0, i);
    for (let n = 0; n < 12; n++) writeFileSync(join(sources, 'shop', 'big', `blob-${n}.bin`), chunk);
    stack = await startStack(['gateway', 'plugin-registry', 'packaging', 'packaging-worker', 'deployment'], {
      PACKAGING_SOURCE_ROOT: sources,
      PACKAGING_LOCK_MS: '3000',
      PACKAGING_RETRY_DELAY_MS: '200',
      // gzip keeps the 192 MiB build slow enough to be killed mid-way (auto would store it as a plain tar in a blink).
      PACKAGING_ARCHIVE_COMPRESSION: 'gzip',
      CI_MAX_DELIVER: '2',
      PLUGINS_DIR: join(root, 'plugins'),
    });
  });
  after(async () => {
    await Promise.all(extraWorkers.map((w) => w.stop('SIGKILL')));
    await stack?.stop();
    rmSync(sources, { recursive: true, force: true });
  });

  const task = (body: object) => http('POST', `${stack.api}/v1/apps/shop/package-tasks`, body);
  const api = { name: 'api', type: 'process', source: { path: 'shop/api' } };

  it('packages a component from a directory (honouring .amignore), with status and build log', async () => {
    const created = await task({ version: 'auto', tags: ['stable'], components: [api] });
    assert.equal(created.status, 202, created.text);
    const done = await finished(stack, created.json.id);
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    assert.equal(done.version, '1.0.0');
    const [component] = done.components;
    assert.equal(component.state, 'succeeded');
    assert.match(component.sha256, /^[0-9a-f]{64}$/);
    assert.ok(component.log.some((l: string) => l.includes('process component packaged')), component.log.join('\n'));
    const stable = await http('GET', `${stack.api}/v1/apps/shop/packages?tag=stable`);
    assert.deepEqual(stable.json.items.map((p: { version: string }) => p.version), ['1.0.0']);
    assert.deepEqual(stable.json.items[0].components[0].meta.command, ['sh', '-c', 'node server.js']);
  });

  it('reuses an unchanged component by hash, bumps the patch, moves tags and never reuses a version', async () => {
    const created = await task({ version: 'auto', components: [api] });
    const done = await finished(stack, created.json.id);
    assert.equal(done.version, '1.0.1');
    assert.equal(done.components[0].state, 'reused');
    assert.equal(done.components[0].reusedFrom, '1.0.0');
    const moved = await http('PUT', `${stack.api}/v1/apps/shop/packages/1.0.1/tags/stable`);
    assert.equal(moved.status, 200, moved.text);
    const stable = await http('GET', `${stack.api}/v1/apps/shop/packages?tag=stable`);
    assert.deepEqual(stable.json.items.map((p: { version: string }) => p.version), ['1.0.1']);
    const again = await task({ version: '1.0.0', components: [api] });
    assert.equal(again.status, 409, again.text);
  });

  it('fails a task with the plugin message and log, keeping the other component result', async () => {
    const created = await task({ version: 'auto', components: [api, { name: 'broken', type: 'process', source: { path: 'shop/broken' } }] });
    const done = await finished(stack, created.json.id);
    assert.equal(done.state, 'failed');
    assert.match(done.message, /broken: .*no command to run/);
    const broken = done.components.find((c: { name: string }) => c.name === 'broken');
    const ok = done.components.find((c: { name: string }) => c.name === 'api');
    assert.equal(broken.state, 'failed');
    assert.ok(broken.log.some((l: string) => l.includes('[plugin error] no command to run')), broken.log.join('\n'));
    assert.ok(['succeeded', 'reused'].includes(ok.state));
    assert.match(ok.sha256, /^[0-9a-f]{64}$/);
  });

  it('rejects path traversal in uploaded sources and in source paths', async () => {
    const response = await fetch(`${stack.api}/v1/apps/shop/package-sources`, { method: 'POST', headers: { 'content-type': 'application/gzip' }, body: tarGz([{ name: '../evil.txt', content: 'x' }]) });
    const uploaded = (await response.json()) as { source: { archive: string } };
    assert.equal(response.status, 201);
    const created = await task({ components: [{ name: 'api', type: 'process', source: uploaded.source, options: { command: ['true'] } }] });
    const done = await finished(stack, created.json.id);
    assert.equal(done.state, 'failed');
    assert.match(done.components[0].message, /\.\.\/evil\.txt/);
    const escape = await task({ components: [{ name: 'api', type: 'process', source: { path: '../../etc' } }] });
    assert.equal(escape.status, 400, escape.text);
    assert.equal(escape.json.errors[0].path, 'components[0].source.path');
  });

  it('retries a build whose worker was killed mid-build, and the task completes', async () => {
    const created = await task({ version: 'auto', components: [{ name: 'big', type: 'process', source: { path: 'shop/big' }, options: { command: ['true'] } }] });
    await eventually(async () => ((await http('GET', `${stack.api}/v1/package-tasks/${created.json.id}`)).json.components[0].state === 'building' ? true : undefined), 30_000, 'the build to start');
    await stack.processes.get('packaging-worker')!.stop('SIGKILL');
    extraWorkers.push(await startServiceProcess('packaging-worker', root, { ...stack.run.env, PACKAGING_SOURCE_ROOT: sources, PACKAGING_LOCK_MS: '3000', PACKAGING_RETRY_DELAY_MS: '200', PACKAGING_ARCHIVE_COMPRESSION: 'gzip' }));
    const done = await finished(stack, created.json.id, 120_000);
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    assert.ok(done.components[0].attempts >= 2, `attempts ${done.components[0].attempts}`);
  });
});

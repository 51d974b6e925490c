// Prints peak RSS while large objects stream through each path of this lib, to check that
// memory stays flat regardless of object size. Not a test: run it by hand after a build:
//   node libs/artifacts/dist/bench/stream-memory.bench.js [MiB=1024]
// s3rver runs in a child process so its own buffers do not count against this process.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sha256OfStream } from '../hashing-pass-through.js';
import { extractArchive } from '../archive/extract-archive.js';
import { packDirectory } from '../archive/pack-directory.js';
import { LocalObjectStore } from '../local/local-object-store.js';
import type { ObjectStore } from '../object-store.js';
import { S3ObjectStore } from '../s3/s3-object-store.js';
import { generatedStream } from '../testing/object-store-contract.js';

const mib = Number(process.argv[2] ?? 1024);
const bytes = mib * 1024 * 1024;

async function measure(label: string, work: () => Promise<unknown>): Promise<void> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  await work();
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  console.log(`${label.padEnd(34)} ${mib} MiB in ${seconds.toFixed(1)} s (${(mib / seconds).toFixed(0)} MiB/s), RSS before ${mb(before)} MiB, peak ${mb(peak)} MiB`);
}

async function roundTrip(name: string, store: ObjectStore): Promise<void> {
  let sha = '';
  await measure(`${name} put`, async () => (sha = (await store.put('bench/big.bin', generatedStream(bytes, 256 * 1024))).sha256));
  await measure(`${name} get (verified)`, async () => sha256OfStream(await store.get('bench/big.bin', { expectSha256: sha })));
}

async function startS3rver(dir: string): Promise<{ port: number; stop: () => void }> {
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
  const child = spawn(process.execPath, [bin, '-d', dir, '-a', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /:(\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', () => reject(new Error('s3rver exited')));
  });
  child.stdout.resume();
  return { port, stop: () => child.kill() };
}

const work = await mkdtemp(join(tmpdir(), 'artifacts-bench-'));
try {
  await roundTrip('local', new LocalObjectStore(join(work, 'local')));

  const s3 = await startS3rver(join(work, 's3rver'));
  try {
    const store = new S3ObjectStore({ endPoint: '127.0.0.1', port: s3.port, useSSL: false, accessKey: 'S3RVER', secretKey: 'S3RVER', bucket: 'bench', region: 'us-east-1' });
    await store.ensureReady();
    await roundTrip('s3 (s3rver)', store);
  } finally {
    s3.stop();
  }

  const tree = join(work, 'tree');
  await mkdir(tree);
  await pipeline(generatedStream(bytes, 256 * 1024), createWriteStream(join(tree, 'component.bin')));
  const archivePath = join(work, 'component.tar.gz');
  await measure('packDirectory → file', () => pipeline(packDirectory(tree), createWriteStream(archivePath)));
  const { createReadStream } = await import('node:fs');
  await measure('extractArchive ← file', () => extractArchive(createReadStream(archivePath), join(work, 'out'), { maxBytes: bytes * 2, maxEntries: 10 }));
} finally {
  await rm(work, { recursive: true, force: true });
}

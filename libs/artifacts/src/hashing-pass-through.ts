import { createHash, type Hash } from 'node:crypto';
import { Transform, Writable, type TransformCallback, type TransformOptions, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Passes bytes through unchanged while computing their SHA-256 and counting them. */
export class HashingPassThrough extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private hex: string | undefined;
  private count = 0;

  constructor(options?: TransformOptions) {
    super(options);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.count += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.hex = this.hash.digest('hex');
    callback();
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.count;
  }

  /** Lowercase hex SHA-256; only available once the stream has ended. */
  digest(): string {
    if (this.hex === undefined) throw new Error('HashingPassThrough.digest() called before the stream ended');
    return this.hex;
  }
}

/** Consumes a stream and returns the lowercase hex SHA-256 of its bytes. */
export async function sha256OfStream(stream: Readable): Promise<string> {
  const hasher = new HashingPassThrough();
  const discard = new Writable({ write: (_chunk, _enc, cb) => cb() });
  await pipeline(stream, hasher, discard);
  return hasher.digest();
}

import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { DomainError } from '@appmanager/contracts';

/**
 * Returns a stream carrying `source`'s bytes that fails at the end when their SHA-256
 * differs from `expected`. The bytes are passed on as they arrive (holding them back
 * would mean buffering whole objects), so the error is the consumer's signal to discard.
 */
export function verifySha256(source: Readable, key: string, expected: string): Readable {
  const want = expected.toLowerCase();
  const hash = createHash('sha256');
  const verifier = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      const got = hash.digest('hex');
      if (got === want) return callback();
      callback(
        new DomainError('conflict', `sha256 mismatch for ${key}: expected ${want} got ${got}`, [], {
          key,
          expectedSha256: want,
          actualSha256: got,
        }),
      );
    },
  });
  // pipeline destroys the verifier with any source error (and the source when the
  // consumer stops early); the error itself reaches the consumer through the verifier.
  pipeline(source, verifier, () => undefined);
  return verifier;
}

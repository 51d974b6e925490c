import { extractArchive, type ExtractResult, type ObjectStore } from '@appmanager/artifacts';

/** Generous bounds for one component's files; the archive was checked when it was packaged. */
const componentLimits = { maxBytes: 16 * 1024 ** 3, maxEntries: 500_000 };

/**
 * Unpacks a packaged component into a per-node working directory before `launch`, so a
 * `process` component runs exactly what was packaged. The archive streams from object
 * storage with its sha256 verified on the way (a mismatch fails the extraction, and
 * extractArchive leaves nothing behind); `destDir` must not exist or be empty.
 */
export async function prepareComponentWorkdir(store: ObjectStore, component: { archiveKey: string; sha256: string }, destDir: string): Promise<ExtractResult> {
  return extractArchive(await store.get(component.archiveKey, { expectSha256: component.sha256 }), destDir, componentLimits);
}

import { DomainError, marketEntryDto, type MarketEntryDto } from '@appmanager/contracts';
import type { ObjectStore } from '@appmanager/artifacts';

export const marketIndexKey = 'market/index.json';
export const marketPackageKey = (e: { kind: string; name: string; version: string }): string => `market/packages/${e.kind}/${e.name}/${e.version}.tgz`;
const entryKey = (e: { kind: string; name: string; version: string }): string => `market/entries/${e.kind}/${e.name}/${e.version}.json`;

async function readJson(store: ObjectStore, key: string): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key)) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * The market's catalogue. Object stores have no compare-and-set, so each published
 * version is its own small entry object (written once) and `market/index.json` is
 * rebuilt from a listing of the entries after every publish: two units publishing at
 * once cannot lose each other's entry — at worst one index write is briefly behind,
 * and the next rebuild repairs it.
 */
export class MarketIndex {
  constructor(private readonly store: ObjectStore) {}

  async entry(ref: { kind: string; name: string; version: string }): Promise<MarketEntryDto | undefined> {
    if (!(await this.store.exists(entryKey(ref)))) return undefined;
    return marketEntryDto.parse(await readJson(this.store, entryKey(ref)));
  }

  async addEntry(entry: MarketEntryDto): Promise<void> {
    await this.store.put(entryKey(entry), Buffer.from(JSON.stringify(entry)), { contentType: 'application/json' });
    await this.rebuild();
  }

  async list(): Promise<MarketEntryDto[]> {
    if (!(await this.store.exists(marketIndexKey))) return [];
    const raw = (await readJson(this.store, marketIndexKey)) as { entries?: unknown };
    const parsed = marketEntryDto.array().safeParse(raw.entries ?? []);
    if (!parsed.success) throw new DomainError('internal', `${marketIndexKey} in the market store is not a valid index`);
    return parsed.data;
  }

  private async rebuild(): Promise<void> {
    const entries: MarketEntryDto[] = [];
    for await (const object of this.store.list('market/entries/')) {
      if (object.key.endsWith('.json')) entries.push(marketEntryDto.parse(await readJson(this.store, object.key)));
    }
    entries.sort((a, b) => `${a.kind}/${a.name}/${a.version}`.localeCompare(`${b.kind}/${b.name}/${b.version}`));
    const index = { generatedAt: new Date().toISOString(), entries };
    await this.store.put(marketIndexKey, Buffer.from(JSON.stringify(index, null, 2)), { contentType: 'application/json' });
  }
}

import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { rootLogger } from '@appmanager/logging';
import { type ProcessFiles } from './process-files.js';
import type { ProcessRecord } from './process-record.js';

/**
 * One JSON file per key. Writes go to a temporary file renamed over the old one, so a
 * supervisor killed mid-write leaves the previous state, never half a file.
 */
export class ProcessStateStore {
  constructor(private readonly files: ProcessFiles) {}

  async init(): Promise<void> {
    await Promise.all([this.files.stateDir(), this.files.logDir(), this.files.exitDir()].map((dir) => mkdir(dir, { recursive: true })));
  }

  async save(record: ProcessRecord): Promise<void> {
    const path = this.files.state(record.key);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
    await rename(temporary, path);
  }

  /** Every record on disk; an unreadable file is logged and skipped rather than blocking the boot. */
  async loadAll(): Promise<ProcessRecord[]> {
    const names = (await readdir(this.files.stateDir())).filter((n) => n.endsWith('.json'));
    const records: ProcessRecord[] = [];
    for (const name of names) {
      const path = `${this.files.stateDir()}/${name}`;
      try {
        records.push(JSON.parse(await readFile(path, 'utf8')) as ProcessRecord);
      } catch (error) {
        rootLogger().warn({ err: error, path }, 'skipping an unreadable process state file');
      }
    }
    return records;
  }
}

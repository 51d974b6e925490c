import { join } from 'node:path';

/**
 * Where the supervisor keeps each key's files. A key's slashes are percent-encoded so
 * one key is one flat file name (keys are validated: no `.`/`..` segments, no spaces).
 */
export class ProcessFiles {
  constructor(readonly dataDir: string) {}

  readonly stateDir = (): string => join(this.dataDir, 'state');
  readonly logDir = (): string => join(this.dataDir, 'logs');
  readonly exitDir = (): string => join(this.dataDir, 'exit');

  state(key: string): string {
    return join(this.stateDir(), `${fileName(key)}.json`);
  }

  log(key: string): string {
    return join(this.logDir(), `${fileName(key)}.log`);
  }

  /** The wrapper shell writes the command's exit code here, so it survives a supervisor restart. */
  exitCode(key: string): string {
    return join(this.exitDir(), `${fileName(key)}.code`);
  }
}

export const fileName = (key: string): string => encodeURIComponent(key);
export const keyFromFileName = (name: string): string => decodeURIComponent(name);

import { rootLogger } from '@appmanager/logging';

export type ModeChange = (cluster: string, mode: 'watch' | 'pull') => Promise<void>;

/**
 * Which clusters this replica follows by watch. A cluster is watched while its stream
 * is healthy and the replica is under its limit; otherwise its instances are pulled,
 * and they go back to watch when the stream recovers.
 */
export class ClusterModes {
  private readonly watching = new Set<string>();

  constructor(
    private readonly limit: number,
    private readonly onChange: ModeChange,
  ) {}

  isWatching(cluster: string): boolean {
    return this.watching.has(cluster);
  }

  /** The mode a new instance of this cluster starts in. */
  modeFor(cluster: string, watchable: boolean): 'watch' | 'pull' {
    return watchable && this.watching.has(cluster) ? 'watch' : 'pull';
  }

  watchedCount(): number {
    return this.watching.size;
  }

  async streamHealthy(cluster: string): Promise<void> {
    if (this.watching.has(cluster)) return;
    if (this.watching.size >= this.limit) {
      rootLogger().warn({ cluster, limit: this.limit }, 'watch limit reached: this cluster stays on pull');
      return;
    }
    this.watching.add(cluster);
    rootLogger().info({ cluster }, 'cluster switched to watch');
    await this.onChange(cluster, 'watch');
  }

  async streamLost(cluster: string, reason: string): Promise<void> {
    if (!this.watching.delete(cluster)) return;
    rootLogger().warn({ cluster, reason }, 'watch stream lost: cluster switched to pull');
    await this.onChange(cluster, 'pull');
  }
}

import { rootLogger } from '@appmanager/logging';

/**
 * Runs a pass now and then every `intervalMs` (reconcilers, sweeps). One pass at a time:
 * a pass still running when the timer fires is not doubled. A failing pass is logged and
 * the next one retries. `stop()` waits for the pass in flight (graceful shutdown).
 */
export class PeriodicPass {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly pass: () => Promise<unknown>,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.pass()
      .then(() => undefined)
      .catch((error: unknown) => rootLogger().warn({ err: error, pass: this.name }, `${this.name} pass failed; the next pass retries`))
      .finally(() => (this.running = undefined));
  }
}

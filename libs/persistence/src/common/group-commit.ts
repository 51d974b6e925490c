export interface GroupCommitLimits {
  /** Calls allowed in flight at once; requests made meanwhile wait and go together in the next call. */
  maxInFlight: number;
  /** Most requests in one call. */
  maxBatch: number;
}

interface Waiting<Req, Res> {
  request: Req;
  resolve: (result: Res) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: requests made while `maxInFlight` calls are already out wait, and go
 * together in ONE call (one round trip, one transaction, one commit) as soon as a call
 * returns; each caller gets its own result. Idle, a request goes out at once on its own
 * (no added latency: a 200-deep chain is a series of single requests); busy, batches grow
 * by themselves — the database pays per call, not per request. `run` must return one
 * result per request, in order; if it throws, every request of that batch gets the error.
 */
export class GroupCommit<Req, Res> {
  private waiting: Array<Waiting<Req, Res>> = [];
  private inFlight = 0;

  constructor(
    private readonly run: (batch: Req[]) => Promise<Res[]>,
    private readonly limits: GroupCommitLimits,
  ) {}

  submit(request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.limits.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.limits.maxBatch);
      this.inFlight++;
      this.send(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async send(batch: Array<Waiting<Req, Res>>): Promise<void> {
    try {
      const results = await this.run(batch.map((w) => w.request));
      if (results.length !== batch.length) throw new Error(`group commit: ${results.length} results for ${batch.length} requests`);
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}

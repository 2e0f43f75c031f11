import type { Pool } from 'pg';

/** Rows deleted per compaction statement. */
const BATCH_RVS = 5000;
/** Advisory lock key so that only one apiserver compacts at a time. */
const COMPACTION_LOCK_KEY = 0x6b756266;

/**
 * Deletes watch history older than the window, in bounded batches that carry both a lower and
 * an upper RV bound (no quadratic rescans, no long locks against writers), then advances the
 * compaction horizon so older resourceVersions answer 410 Expired.
 */
export class Compactor {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly pool: Pool,
    private readonly windowSeconds: number,
    private readonly log: (msg: string) => void,
  ) {}

  /** Runs a compaction pass every `intervalMs`. */
  start(intervalMs = 60_000): void {
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns the new horizon. Safe to call concurrently from several apiservers. */
  runOnce(): Promise<void> {
    if (!this.running) {
      this.running = this.pass()
        .catch((err) => this.log(`compaction failed: ${(err as Error).message}`))
        .finally(() => {
          this.running = undefined;
        });
    }
    return this.running;
  }

  private async pass(): Promise<void> {
    const client = await this.pool.connect();
    try {
      const { rows: lock } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [COMPACTION_LOCK_KEY]);
      if (!lock[0].ok) {
        return;
      }
      try {
        // Named query: compaction-target. The newest event older than the window.
        const { rows } = await client.query<{ target: string | null; horizon: string }>(
          `SELECT (SELECT max(rv) FROM events WHERE created_at < now() - make_interval(secs => $1)) AS target,
                  (SELECT compacted_rv FROM rv_counter WHERE id = 1) AS horizon`,
          [this.windowSeconds],
        );
        if (rows[0].target === null) {
          return;
        }
        const target = Number(rows[0].target);
        let lo = Number(rows[0].horizon);
        while (lo < target) {
          const hi = Math.min(lo + BATCH_RVS, target);
          // Named query: compact-batch. The horizon moves first (its own short transaction, so the
          // counter row is locked only for that statement); no reader then trusts the rows deleted next.
          await client.query('UPDATE rv_counter SET compacted_rv = GREATEST(compacted_rv, $1) WHERE id = 1', [hi]);
          await client.query('DELETE FROM events WHERE rv > $1 AND rv <= $2', [lo, hi]);
          lo = hi;
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [COMPACTION_LOCK_KEY]);
      }
    } finally {
      client.release();
    }
  }
}

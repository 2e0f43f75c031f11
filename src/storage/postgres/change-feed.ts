import { Client, type ClientConfig, type Pool } from 'pg';
import { CHANGE_CHANNEL } from 'src/storage/postgres/writer';
import { EVENT_TYPE, type ChangeEvent } from 'src/storage/types';

/** How many history rows one catch-up query reads. */
const CATCH_UP_PAGE = 5000;
/** Delay before reconnecting a lost LISTEN connection. */
const RECONNECT_DELAY_MS = 500;

/** Consumer of committed events; called with contiguous, strictly increasing RVs. */
export type EventConsumer = (events: ChangeEvent[]) => void;

/**
 * The process's change feed: one dedicated LISTEN connection (not from the pool). A notification
 * is only a doorbell carrying the highest committed RV; the feed then reads
 * `events WHERE rv > last ORDER BY rv` and hands the rows to the consumer. Batches committed by
 * this process are handed over directly when they follow on from `last`, saving the round trip.
 * On reconnect it catches up the same way, so nothing is skipped (invariants 2, 3 and 6).
 */
export class ChangeFeed {
  private listener?: Client;
  private lastRv: number;
  private catchingUp?: Promise<void>;
  private wanted = 0;
  private waiters: { rv: number; resolve(): void }[] = [];
  private stopped = false;
  /** Batches of this process in flight, and the highest RV notified meanwhile (held back until they end). */
  private localInFlight = 0;
  private heldRv = 0;

  constructor(
    private readonly pool: Pool,
    private readonly listenConfig: ClientConfig,
    startRv: number,
    private readonly consumer: EventConsumer,
    private readonly log: (msg: string) => void,
  ) {
    this.lastRv = startRv;
  }

  /** The highest RV applied to the consumer. */
  get rv(): number {
    return this.lastRv;
  }

  /** Opens the LISTEN connection and catches up with anything committed meanwhile. */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Closes the LISTEN connection and releases waiters. */
  async stop(): Promise<void> {
    this.stopped = true;
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
  }

  /** Resolves once every event up to `rv` has been applied (read-your-writes for this process). */
  waitFor(rv: number): Promise<void> {
    if (this.lastRv >= rv) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiters.push({ rv, resolve });
      this.requestCatchUp(rv);
    });
  }

  /**
   * A batch of this process is being written. Its NOTIFY can arrive before the writer has the
   * answer; reading history for it would read the batch back from the events table (and parse
   * every object again for its selector attributes) instead of taking publishLocal's copy. So
   * notifications are held back until the batch ends: then only an RV the batch did not bring
   * starts a catch-up.
   */
  beginLocal(): void {
    this.localInFlight++;
  }

  /** The batch begun last committed nothing it can hand over (nothing passed, or its outcome is unknown). */
  abandonLocal(): void {
    this.endLocal();
  }

  private endLocal(): void {
    this.localInFlight--;
    if (this.localInFlight === 0) {
      const held = this.heldRv;
      this.heldRv = 0;
      if (held > this.lastRv) {
        this.requestCatchUp(held);
      }
    }
  }

  /** Hands over a batch this process just committed (ending it); falls back to a catch-up if it is not next. */
  async publishLocal(events: ChangeEvent[]): Promise<void> {
    if (events[0].rv === this.lastRv + 1 && !this.catchingUp) {
      this.deliver(events);
      this.endLocal();
      return;
    }
    this.endLocal();
    await this.waitFor(events[events.length - 1].rv);
  }

  private deliver(events: ChangeEvent[]): void {
    this.consumer(events);
    this.lastRv = events[events.length - 1].rv;
    if (this.waiters.length > 0) {
      const still: typeof this.waiters = [];
      for (const w of this.waiters) {
        if (w.rv <= this.lastRv) {
          w.resolve();
        } else {
          still.push(w);
        }
      }
      this.waiters = still;
    }
  }

  private requestCatchUp(rv: number): void {
    this.wanted = Math.max(this.wanted, rv);
    if (!this.catchingUp) {
      this.catchingUp = this.catchUp().finally(() => {
        this.catchingUp = undefined;
        if (this.wanted > this.lastRv && !this.stopped) {
          setTimeout(() => this.requestCatchUp(this.wanted), 10);
        }
      });
    }
  }

  /** Named query: read-events-after. Reads history after `last` until it reaches `wanted`. */
  private async catchUp(): Promise<void> {
    try {
      for (;;) {
        const { rows } = await this.pool.query<{ rv: string; type: number; resource: string; namespace: string; name: string; data: string; prev: string | null }>(
          'SELECT rv, type, resource, namespace, name, data, prev FROM events WHERE rv > $1 ORDER BY rv LIMIT $2',
          [this.lastRv, CATCH_UP_PAGE],
        );
        if (rows.length === 0) {
          return;
        }
        const events: ChangeEvent[] = [];
        let expect = this.lastRv + 1;
        for (const r of rows) {
          const rv = Number(r.rv);
          if (rv !== expect) {
            // Cannot happen while every writer holds the counter lock; refuse to skip anything.
            this.log(`change feed: expected rv ${expect}, read ${rv}; retrying`);
            break;
          }
          expect++;
          events.push({ rv, type: EVENT_TYPE[r.type], resource: r.resource, namespace: r.namespace, name: r.name, json: r.data, prevJson: r.prev ?? undefined });
        }
        if (events.length > 0) {
          this.deliver(events);
        }
        if (rows.length < CATCH_UP_PAGE || events.length < rows.length) {
          return;
        }
      }
    } catch (err) {
      this.log(`change feed: catch-up failed: ${(err as Error).message}`);
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) {
      return;
    }
    const client = new Client(this.listenConfig);
    client.on('notification', (n) => {
      const rv = Number(n.payload);
      if (rv <= this.lastRv) {
        return;
      }
      if (this.localInFlight > 0) {
        this.heldRv = Math.max(this.heldRv, rv);
      } else {
        this.requestCatchUp(rv);
      }
    });
    client.on('error', (err) => {
      this.log(`change feed: LISTEN connection lost: ${err.message}`);
      this.reconnectLater(client);
    });
    client.on('end', () => this.reconnectLater(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      this.listener = client;
      // Anything committed while we were not listening.
      this.requestCatchUp(this.lastRv);
    } catch (err) {
      this.log(`change feed: cannot LISTEN: ${(err as Error).message}`);
      this.reconnectLater(client);
    }
  }

  private reconnectLater(client: Client): void {
    if (this.stopped || (this.listener && this.listener !== client)) {
      return;
    }
    this.listener = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    setTimeout(() => void this.connect(), RECONNECT_DELAY_MS);
  }
}

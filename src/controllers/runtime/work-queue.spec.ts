import { WorkQueue } from 'src/controllers/runtime/work-queue';

/** Resolves after the queue has had a chance to run everything currently runnable. */
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('WorkQueue', () => {
  it('de-duplicates keys that are waiting', async () => {
    const seen: string[] = [];
    const q = new WorkQueue('t', async (k) => void seen.push(k), { workers: 1 });
    q.add('a');
    q.add('a');
    q.add('b');
    q.add('a');
    q.start();
    await tick();
    expect(seen).toEqual(['a', 'b']);
  });

  it('never runs one key in two workers; a key added while it runs is processed once more afterwards', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    let release!: () => void;
    const q = new WorkQueue(
      't',
      async () => {
        running++;
        runs++;
        maxRunning = Math.max(maxRunning, running);
        if (runs === 1) {
          await new Promise<void>((r) => (release = r));
        }
        running--;
      },
      { workers: 4 },
    );
    q.start();
    q.add('a');
    await tick();
    q.add('a');
    q.add('a');
    await tick();
    expect(runs).toBe(1);
    release();
    await tick();
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it('backs a failing key off exponentially and resets the back-off on success', async () => {
    const times: number[] = [];
    let failuresLeft = 4;
    const q = new WorkQueue(
      't',
      async () => {
        times.push(Date.now());
        if (failuresLeft-- > 0) {
          throw new Error('boom');
        }
      },
      { baseDelayMs: 20, workers: 1 },
    );
    q.start();
    q.add('k');
    await tick(20 + 40 + 80 + 160 + 200);
    expect(times).toHaveLength(5);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // Each retry waits at least the doubled delay: 20, 40, 80, 160 ms.
    [20, 40, 80, 160].forEach((d, i) => expect(gaps[i]).toBeGreaterThanOrEqual(d - 2));
  });

  it('requeues after the delay a handler returns, and runs different keys in parallel', async () => {
    const seen: string[] = [];
    let first = true;
    const q = new WorkQueue(
      't',
      async (k) => {
        seen.push(k);
        if (k === 'a' && first) {
          first = false;
          return 30;
        }
      },
      { workers: 2 },
    );
    q.start();
    q.add('a');
    q.add('b');
    await tick();
    expect(seen.sort()).toEqual(['a', 'b']);
    await tick(60);
    expect(seen.filter((k) => k === 'a')).toHaveLength(2);
  });

  it('stop waits for running handlers and ignores later adds', async () => {
    let done = false;
    const q = new WorkQueue('t', async () => {
      await tick(20);
      done = true;
    });
    q.start();
    q.add('a');
    await tick(1);
    await q.stop();
    expect(done).toBe(true);
    q.add('b');
    expect(q.depth).toBe(0);
  });
});

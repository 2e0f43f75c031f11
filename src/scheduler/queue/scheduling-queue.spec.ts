import { pod } from 'src/scheduler/framework/testing/fixtures';
import { SchedulingQueue, type QueuedPod } from 'src/scheduler/queue/scheduling-queue';

const names = (qs: (QueuedPod | undefined)[]) => qs.map((q) => q?.pod.metadata.name);

describe('SchedulingQueue', () => {
  let q: SchedulingQueue;
  beforeEach(() => {
    jest.useFakeTimers();
    q = new SchedulingQueue({ initialBackoffMs: 1000, maxBackoffMs: 10_000, maxInUnschedulableMs: 300_000, flushIntervalMs: 30_000 });
  });
  afterEach(() => {
    q.close();
    jest.useRealTimers();
  });

  it('hands out pods by priority, then in arrival order', async () => {
    q.add(pod('low-1', { priority: 0 }));
    q.add(pod('high', { priority: 1000 }));
    q.add(pod('low-2', { priority: 0 }));
    q.add(pod('mid', { priority: 10 }));
    expect(names([await q.pop(), await q.pop(), await q.pop(), await q.pop()])).toEqual(['high', 'mid', 'low-1', 'low-2']);
  });

  it('a waiting pop gets the next pod added', async () => {
    const waiting = q.pop();
    q.add(pod('late'));
    expect((await waiting)?.pod.metadata.name).toBe('late');
  });

  it('counts attempts and backs off 1 s doubling to 10 s after errors', async () => {
    q.add(pod('flaky'));
    const waits: number[] = [];
    let qp = (await q.pop())!;
    for (let i = 0; i < 6; i++) {
      expect(qp.attempts).toBe(i + 1);
      const start = Date.now();
      q.requeueAfterError(qp);
      let next: QueuedPod | undefined;
      void q.pop().then((x) => (next = x));
      while (!next) {
        await jest.advanceTimersByTimeAsync(100);
      }
      waits.push(Math.round((Date.now() - start) / 1000));
      qp = next;
    }
    expect(waits).toEqual([1, 2, 4, 8, 10, 10]);
  });

  it('keeps an unschedulable pod until an event concerning a plugin that rejected it', async () => {
    q.add(pod('big'));
    const qp = (await q.pop())!;
    q.requeueUnschedulable(qp, ['NodeResourcesFit']);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(q.stats).toMatchObject({ unschedulable: 1, active: 0 });
    q.moveUnschedulable(new Set(['TaintToleration']));
    expect(q.stats).toMatchObject({ unschedulable: 1 });
    q.moveUnschedulable(new Set(['NodeResourcesFit', 'NodePorts']));
    expect(q.stats).toMatchObject({ active: 1, unschedulable: 0 });
    expect((await q.pop())?.attempts).toBe(2);
  });

  it('a pod no plugin claimed (no nodes at all) moves on any event', async () => {
    q.add(pod('early'));
    q.requeueUnschedulable((await q.pop())!, []);
    q.moveUnschedulable(new Set(['NodePorts']));
    expect(q.stats).toMatchObject({ unschedulable: 0, backoff: 1 });
  });

  it('an event during the back-off waits for it to end (no hot loop)', async () => {
    q.add(pod('big'));
    const qp = (await q.pop())!;
    q.requeueUnschedulable(qp, []);
    q.moveUnschedulable('all');
    expect(q.stats).toMatchObject({ backoff: 1 });
    let next: QueuedPod | undefined;
    void q.pop().then((x) => (next = x));
    await jest.advanceTimersByTimeAsync(900);
    expect(next).toBeUndefined();
    await jest.advanceTimersByTimeAsync(200);
    expect(next?.pod.metadata.name).toBe('big');
  });

  it('retries unschedulable pods after 5 minutes without any event', async () => {
    q.add(pod('big'));
    q.requeueUnschedulable((await q.pop())!, ['NodeResourcesFit']);
    await jest.advanceTimersByTimeAsync(290_000);
    expect(q.stats.unschedulable).toBe(1);
    await jest.advanceTimersByTimeAsync(40_000);
    expect(q.stats.active).toBe(1);
  });

  it('a spec change of an unschedulable pod retries it; a status change does not', async () => {
    const p = pod('big');
    q.add(p);
    q.requeueUnschedulable((await q.pop())!, ['NodeAffinity']);
    await jest.advanceTimersByTimeAsync(5_000);
    q.update({ ...p, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] } }, false);
    expect(q.stats.unschedulable).toBe(1);
    q.update({ ...p, metadata: { ...p.metadata, labels: { app: 'other' } } }, true);
    expect(q.stats.active).toBe(1);
    expect((await q.pop())?.pod.metadata.labels).toEqual({ app: 'other' });
  });

  it('forgets deleted pods, even those waiting in a heap', async () => {
    q.add(pod('a'));
    q.add(pod('b'));
    q.delete(pod('a').metadata.uid!);
    expect(names([await q.pop()])).toEqual(['b']);
    expect(q.has(pod('a').metadata.uid!)).toBe(false);
  });

  it('close() releases a waiting pop', async () => {
    const waiting = q.pop();
    q.close();
    expect(await waiting).toBeUndefined();
  });
});

import { CrashBackOff } from 'src/node-agent/crash-backoff';

/** Crashes a container `times` times right after each restart and returns the waits it saw. */
function crashLoop(b: CrashBackOff, times: number, runMs = 0): { waits: (number | undefined)[]; now: number } {
  let now = 1_000_000;
  const waits: (number | undefined)[] = [];
  for (let i = 0; i < times; i++) {
    const finishedAt = now + runMs;
    now = finishedAt;
    const wait = b.waiting('app', finishedAt, now);
    waits.push(wait?.delayMs);
    now = wait ? wait.until : now;
    b.next('app', finishedAt);
  }
  return { waits, now };
}

describe('CrashBackOff (kubelet container restart back-off)', () => {
  it('restarts the first exit at once, then waits 10s, 20s, 40s … capped at 300s', () => {
    const { waits } = crashLoop(new CrashBackOff(10_000, 300_000), 9);
    expect(waits).toEqual([undefined, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('scales with a small base for tests', () => {
    expect(crashLoop(new CrashBackOff(100, 3000), 4).waits).toEqual([undefined, 100, 200, 400]);
  });

  it('is not in back-off once the delay since the exit has passed', () => {
    const b = new CrashBackOff(10_000, 300_000);
    b.next('app', 0);
    expect(b.waiting('app', 5000, 5000)).toEqual({ delayMs: 10_000, until: 15_000 });
    expect(b.waiting('app', 5000, 14_999)).toBeDefined();
    expect(b.waiting('app', 5000, 15_000)).toBeUndefined();
  });

  it('starts over after a container ran longer than twice the maximum', () => {
    const b = new CrashBackOff(10_000, 300_000);
    crashLoop(b, 5);
    b.next('app', 0);
    b.next('app', 10);
    expect(b.waiting('app', 10 + 600_001, 10 + 600_001)).toBeUndefined();
    expect(b.next('app', 10 + 600_001)).toBe(10_000);
  });

  it('keeps containers apart', () => {
    const b = new CrashBackOff(10_000, 300_000);
    b.next('a', 0);
    expect(b.waiting('a', 0, 1)).toBeDefined();
    expect(b.waiting('b', 0, 1)).toBeUndefined();
  });
});

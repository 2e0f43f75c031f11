import { FORCE_EXIT_MS, stopOnSignals, type SignalTarget } from 'src/cli/graceful-stop';

/** A stand-in for `process`: records listeners and exit codes. */
function fakeProcess(): SignalTarget & { signal(name: 'SIGTERM' | 'SIGINT'): void; exits: number[] } {
  const listeners = new Map<string, () => void>();
  const exits: number[] = [];
  return {
    exits,
    on: (signal, listener) => listeners.set(signal, listener),
    exit: ((code: number) => {
      exits.push(code);
    }) as (code: number) => never,
    signal: (name) => listeners.get(name)!(),
  };
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('stopOnSignals', () => {
  it('stops once, however many signals arrive, and exits 0 when the stop resolves', async () => {
    const proc = fakeProcess();
    let stops = 0;
    stopOnSignals(
      async () => {
        stops++;
      },
      () => undefined,
      proc,
    );
    proc.signal('SIGTERM');
    proc.signal('SIGINT');
    await settle();
    expect({ stops, exits: proc.exits }).toEqual({ stops: 1, exits: [0] });
  });

  it('reports a failed stop and exits 1', async () => {
    const proc = fakeProcess();
    const errors: unknown[] = [];
    const boom = new Error('boom');
    stopOnSignals(
      () => Promise.reject(boom),
      (err) => errors.push(err),
      proc,
    );
    proc.signal('SIGINT');
    await settle();
    expect({ errors, exits: proc.exits }).toEqual({ errors: [boom], exits: [1] });
  });

  it('forces exit 1 when the stop hangs', () => {
    jest.useFakeTimers();
    try {
      const proc = fakeProcess();
      stopOnSignals(
        () => new Promise<void>(() => undefined),
        () => undefined,
        proc,
      );
      proc.signal('SIGTERM');
      jest.advanceTimersByTime(FORCE_EXIT_MS - 1);
      expect(proc.exits).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(proc.exits).toEqual([1]);
    } finally {
      jest.useRealTimers();
    }
  });
});

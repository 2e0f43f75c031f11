/** How long a stopping process may take before it is forced out. */
export const FORCE_EXIT_MS = 10_000;

/** The parts of `process` stopOnSignals uses (tests pass a fake). */
export interface SignalTarget {
  on(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  exit(code: number): never;
}

/**
 * Stops the process cleanly on the first SIGTERM or SIGINT: runs `stop` once, exits 0 when it
 * resolves, reports the error with `onError` and exits 1 when it rejects, and exits 1 anyway if it
 * takes longer than FORCE_EXIT_MS (the timer does not keep the process alive).
 */
export function stopOnSignals(stop: () => Promise<void>, onError: (err: unknown) => void, target: SignalTarget = process): void {
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    setTimeout(() => target.exit(1), FORCE_EXIT_MS).unref();
    stop()
      .then(() => target.exit(0))
      .catch((err: unknown) => {
        onError(err);
        target.exit(1);
      });
  };
  target.on('SIGTERM', onSignal);
  target.on('SIGINT', onSignal);
}

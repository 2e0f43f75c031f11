/** The longest delay a Node timer takes; setTimeout fires after 1 ms for anything longer. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * A requeue delay a timer can hold: negative becomes 0 and anything past ~24.8 days is cut to
 * MAX_TIMER_DELAY_MS (the key is then synced early and requeues itself for the rest).
 */
export function timerDelay(ms: number): number {
  return Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS);
}

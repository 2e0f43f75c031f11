import { startKubepg, type KubepgInstance } from 'bench/kubepg';
import { memoryOf } from 'bench/processes';

/** Start-up and shutdown times of `kubepg up`. */
export interface StartupFigures {
  /** Fresh data directory: initdb, migrations, PKI, then the apiserver. */
  coldMs: number;
  /** Same data directory again, every object of the run loaded into the watch cache: the median of warmRunsMs. */
  warmMs?: number;
  /** Each of the WARM_RESTARTS restarts, in order (the first follows the run's load at once). */
  warmRunsMs?: number[];
  warmPods?: number;
  /** SIGTERM to exit of the first instance (and whether it needed SIGKILL). */
  shutdownMs?: number;
  shutdownKilled?: boolean;
  /** The apiserver's RSS right after the warm start (cache rebuilt from Postgres). */
  warmRssBytes?: number;
}

/** How long `kubepg up` may take to become ready before the run gives up on it. */
export const START_TIMEOUT_MS = 180_000;

/** Warm restarts per run: one start is a single noisy sample on a shared machine. */
export const WARM_RESTARTS = 3;

/**
 * Stops `inst` with SIGTERM (the first stop is timed) and starts `kubepg up` again on the same
 * data directory and ports, as a user restarting it would, WARM_RESTARTS times; the caller owns
 * the returned instance.
 */
export async function warmRestart(inst: KubepgInstance, pods: number): Promise<{ instance: KubepgInstance; figures: Partial<StartupFigures> }> {
  const shutdown = await inst.stop();
  let instance = await startKubepg(inst.dataDir, inst.port, inst.postgresPort, START_TIMEOUT_MS);
  const mem = instance.apiserverPid === undefined ? undefined : memoryOf(instance.apiserverPid);
  const runs = [instance.readyMs];
  while (runs.length < WARM_RESTARTS) {
    await instance.stop();
    instance = await startKubepg(inst.dataDir, inst.port, inst.postgresPort, START_TIMEOUT_MS);
    runs.push(instance.readyMs);
  }
  const median = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return {
    instance,
    figures: { warmMs: median, warmRunsMs: runs, warmPods: pods, shutdownMs: shutdown.ms, shutdownKilled: shutdown.killed, warmRssBytes: mem?.rssBytes },
  };
}

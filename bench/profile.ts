import type { ClusterProfile } from 'bench/cluster';

/** How many operations each measurement does, and how long it may take at most. */
export interface Profile {
  name: 'quick' | 'full';
  /** Run only the API measurements or only the end-to-end cluster ones (default both). */
  only?: 'api' | 'cluster';
  /** Sizes of the end-to-end measurements. */
  cluster: ClusterProfile;
  /** Creates per concurrency level, and the cap on each level's duration. */
  createLevels: { clients: number; count: number }[];
  createLevelMaxMs: number;
  /** Sequential GETs (p50/p99) and concurrent GETs (throughput). */
  getsSequential: number;
  getsConcurrent: number;
  /** Updates (PUT) and merge patches, each at `writeClients` clients. */
  updates: number;
  patches: number;
  writeClients: number;
  phaseMaxMs: number;
  /** Watchers per level, and the paced writes they observe. */
  watchLevels: { watchers: number; writes: number; intervalMs: number }[];
  /** Pods in the namespace that the LIST measurements read. */
  listPods: number;
  listRepeats: number;
  listMaxMs: number;
  fillMaxMs: number;
  /** Raw Postgres and etcd baselines: operations and duration cap per variant. */
  baselineOps: number;
  baselineMaxMs: number;
  /** The whole run is aborted (and cleaned up) after this long. */
  runMaxMs: number;
}

const QUICK: Profile = {
  name: 'quick',
  createLevels: [
    { clients: 1, count: 1000 },
    { clients: 16, count: 5000 },
    { clients: 64, count: 5000 },
    { clients: 256, count: 5000 },
  ],
  createLevelMaxMs: 20_000,
  getsSequential: 2000,
  getsConcurrent: 5000,
  updates: 5000,
  patches: 5000,
  writeClients: 64,
  phaseMaxMs: 20_000,
  watchLevels: [
    { watchers: 1, writes: 300, intervalMs: 10 },
    { watchers: 100, writes: 300, intervalMs: 10 },
    { watchers: 1000, writes: 150, intervalMs: 40 },
  ],
  listPods: 10_000,
  listRepeats: 10,
  listMaxMs: 20_000,
  fillMaxMs: 90_000,
  baselineOps: 20_000,
  baselineMaxMs: 6_000,
  runMaxMs: 20 * 60_000,
  cluster: {
    schedulerNodes: 1000,
    schedulerPods: 2000,
    agentNodes: 1000,
    agentPods: 3000,
    leaseWatchMs: 25_000,
    deploymentNodes: 100,
    deploymentReplicas: 2000,
    smallDeployments: 200,
    maxMs: 240_000,
  },
};

const FULL: Profile = {
  ...QUICK,
  name: 'full',
  createLevels: [
    { clients: 1, count: 2000 },
    { clients: 16, count: 20_000 },
    { clients: 64, count: 20_000 },
    { clients: 256, count: 20_000 },
  ],
  createLevelMaxMs: 60_000,
  getsSequential: 5000,
  getsConcurrent: 20_000,
  updates: 20_000,
  patches: 20_000,
  phaseMaxMs: 60_000,
  watchLevels: [
    { watchers: 1, writes: 1000, intervalMs: 10 },
    { watchers: 100, writes: 1000, intervalMs: 10 },
    { watchers: 1000, writes: 300, intervalMs: 40 },
  ],
  listPods: 100_000,
  listRepeats: 5,
  listMaxMs: 120_000,
  fillMaxMs: 20 * 60_000,
  baselineOps: 100_000,
  baselineMaxMs: 15_000,
  runMaxMs: 90 * 60_000,
  cluster: {
    schedulerNodes: 1000,
    schedulerPods: 10_000,
    agentNodes: 1000,
    agentPods: 10_000,
    leaseWatchMs: 60_000,
    deploymentNodes: 100,
    deploymentReplicas: 10_000,
    smallDeployments: 1000,
    maxMs: 900_000,
  },
};

/**
 * Picks the profile from the command line: `--full` for the 100,000-pod figures, else quick;
 * `--only=api` or `--only=cluster` runs one half.
 */
export function profileFromArgs(argv: string[]): Profile {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const unknown = argv.filter((a) => a !== '--full' && !a.startsWith('--only='));
  if (unknown.length > 0 || (only !== undefined && only !== 'api' && only !== 'cluster')) {
    throw new Error(`unknown argument(s) ${[...unknown, only ?? ''].join(' ').trim()}; usage: npm run bench [-- --full] [--only=api|cluster]`);
  }
  return { ...(argv.includes('--full') ? FULL : QUICK), only: only as Profile['only'] };
}

import * as https from 'node:https';
import { BenchClient, expectStatus, type ApiTarget } from 'bench/http-client';
import { createPod, ensureNamespace, podsPath } from 'bench/pod';
import type { Profile } from 'bench/profile';
import { nowMs, round, sleep, summarize, type LatencySummary } from 'bench/stats';
import { openWatch, type WatchStream } from 'bench/watch-stream';

/** Namespace whose pods the watchers watch; only the watch measurement writes there. */
export const WATCH_NAMESPACE = 'bench-watch';

/** Watch latency at one number of concurrent watchers. */
export interface WatchLevel {
  watchers: number;
  writes: number;
  intervalMs: number;
  /** Time to open every watch (until all response headers arrived). */
  connectMs: number;
  /** From the create being acknowledged to each watcher receiving its ADDED event (clamped at 0). */
  latency: LatencySummary;
  /** Events whose bytes arrived before the create's own response (counted as 0 ms above). */
  beforeAck: number;
  /** Latency of the paced creates themselves. */
  writeLatency: LatencySummary;
  expected: number;
  received: number;
  duplicates: number;
  /** Streams the server ended while the benchmark still watched. */
  endedEarly: number;
  errors: string[];
}

/** Watches opened concurrently while connecting. */
const OPEN_PARALLEL = 50;
/** How long to wait for the last events after the last write. */
const DRAIN_MS = 15_000;

/** The current resourceVersion of the watched collection (from a one-item list). */
async function currentRv(client: BenchClient): Promise<string> {
  const path = `${podsPath(WATCH_NAMESPACE)}?limit=1`;
  const ans = expectStatus('GET', path, await client.request('GET', path), [200]);
  return (JSON.parse(ans.text) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
}

/** Opens `watchers` watches from the current RV, paces `writes` creates, and times every delivery. */
async function measureLevel(target: ApiTarget, client: BenchClient, watchers: number, writes: number, intervalMs: number): Promise<WatchLevel> {
  const errors: string[] = [];
  const ackAt = new Map<string, number>();
  const early = new Map<string, number[]>();
  const latencies: number[] = [];
  let beforeAck = 0;
  let received = 0;
  let duplicates = 0;
  const prefix = `w${watchers}-`;
  const path = `${podsPath(WATCH_NAMESPACE)}?watch=true&resourceVersion=${await currentRv(client)}&allowWatchBookmarks=false&timeoutSeconds=900`;
  const agent = new https.Agent({ keepAlive: false, maxSockets: Infinity, ca: target.ca });
  const streams: WatchStream[] = [];
  const connectStart = nowMs();
  for (let i = 0; i < watchers && errors.length === 0; i += OPEN_PARALLEL) {
    const batch = Array.from({ length: Math.min(OPEN_PARALLEL, watchers - i) }, () => {
      const mine = new Set<string>();
      return openWatch(target, agent, path, (type, name, at) => {
        if (type !== 'ADDED' || !name.startsWith(prefix)) {
          if (errors.length < 5 && type !== 'ADDED') {
            errors.push(`watch ${path} sent ${type} ${name}`);
          }
          return;
        }
        if (mine.has(name)) {
          duplicates++;
          return;
        }
        mine.add(name);
        received++;
        const ack = ackAt.get(name);
        if (ack === undefined) {
          early.set(name, [...(early.get(name) ?? []), at]);
        } else {
          latencies.push(at - ack);
        }
      });
    });
    for (const r of await Promise.allSettled(batch)) {
      if (r.status === 'fulfilled') {
        streams.push(r.value);
      } else if (errors.length < 5) {
        errors.push(String(r.reason instanceof Error ? r.reason.message : r.reason));
      }
    }
  }
  const connectMs = nowMs() - connectStart;
  const writeLatencies: number[] = [];
  const deadline = nowMs() + writes * intervalMs + 60_000;
  let written = 0;
  for (let k = 0; k < writes && streams.length > 0 && nowMs() < deadline; k++) {
    const name = `${prefix}${k}`;
    const t0 = nowMs();
    try {
      await createPod(client, WATCH_NAMESPACE, name, k);
    } catch (err) {
      if (errors.length < 5) {
        errors.push(err instanceof Error ? err.message : String(err));
      }
      continue;
    }
    const ack = nowMs();
    written++;
    writeLatencies.push(ack - t0);
    ackAt.set(name, ack);
    for (const at of early.get(name) ?? []) {
      beforeAck++;
      latencies.push(at - ack);
    }
    early.delete(name);
    await sleep(Math.max(0, intervalMs - (nowMs() - t0)));
  }
  const expected = written * streams.length;
  const drainUntil = nowMs() + DRAIN_MS;
  while (received < expected && nowMs() < drainUntil) {
    await sleep(20);
  }
  const endedEarly = streams.filter((s) => s.endedEarly()).length;
  streams.forEach((s) => s.close());
  agent.destroy();
  return {
    watchers: streams.length,
    writes: written,
    intervalMs,
    connectMs: round(connectMs),
    latency: summarize(latencies.map((l) => Math.max(0, l))),
    beforeAck,
    writeLatency: summarize(writeLatencies),
    expected,
    received,
    duplicates,
    endedEarly,
    errors,
  };
}

/**
 * Watch latency from a write being acknowledged to the event arriving at each of 1, 100 and
 * 1,000 concurrent watchers (HTTPS/1.1, one connection per watch, as informers do).
 */
export async function measureWatch(target: ApiTarget, profile: Profile, alive: () => boolean): Promise<WatchLevel[]> {
  const client = new BenchClient(target, 1);
  await ensureNamespace(client, WATCH_NAMESPACE);
  const levels: WatchLevel[] = [];
  for (const { watchers, writes, intervalMs } of profile.watchLevels) {
    if (!alive()) {
      break;
    }
    levels.push(await measureLevel(target, client, watchers, writes, intervalMs));
    await sleep(500);
  }
  client.close();
  return levels;
}

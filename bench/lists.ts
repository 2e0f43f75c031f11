import { BenchClient, expectStatus, type ApiTarget, type HttpAnswer } from 'bench/http-client';
import { LeanReader } from 'bench/lean-reader';
import { runLoad, type LoadResult } from 'bench/load';
import { createPod, ensureNamespace, podsPath, SHARDS } from 'bench/pod';
import type { Profile } from 'bench/profile';
import { nowMs, round, summarize, type LatencySummary } from 'bench/stats';

/** Namespace filled with exactly `profile.listPods` pods for the LIST measurements. */
export const LIST_NAMESPACE = 'bench-list';

/** Latencies of one kind of LIST, with the size of one answer. */
export interface ListFigure {
  /** Time to the last byte (for full and resourceVersion=0: read by LeanReader). */
  latency: LatencySummary;
  /** The same LIST read by Node's https client, whose own parsing is the slower side here. */
  nodeHttps?: LatencySummary;
  /** The first call, kept apart: it may pay for sorting the cache after the fill. */
  firstMs: number;
  bytes: number;
  items: number;
  errors: string[];
}

/** Every LIST measurement over the filled namespace. */
export interface ListResults {
  /** Pods in the namespace, counted by walking the paginated list. */
  pods: number;
  fill: LoadResult;
  full: ListFigure;
  resourceVersion0: ListFigure;
  /** One page of limit=500 (latency per page) and a walk of every page (the `traversal` figure). */
  paginated: ListFigure & { pageSize: number; traversal: LatencySummary };
  selector: ListFigure & { selector: string };
}

const PAGE = 500;
const FILL_CLIENTS = 64;

/**
 * Times `repeats` sequential GETs of `path` through `get`; with `countItems` the first answer's
 * items are counted (only it is kept: buffering and parsing tens of megabytes on every
 * repetition would be measured as server latency).
 */
async function timeList(
  get: (path: string, keep: boolean) => Promise<HttpAnswer>,
  path: string,
  repeats: number,
  maxMs: number,
  countItems: boolean,
): Promise<ListFigure> {
  let bytes = 0;
  let items = -1;
  let firstMs = NaN;
  const result = await runLoad({ clients: 1, count: repeats, maxMs }, async (i) => {
    const keep = countItems && i === 0;
    const ans = expectStatus('GET', path, await get(path, keep), [200]);
    bytes = ans.bytes;
    firstMs = Number.isNaN(firstMs) ? ans.ms : firstMs;
    if (keep) {
      items = (JSON.parse(ans.text) as { items: unknown[] }).items.length;
    }
  });
  return { latency: result.latency, firstMs: round(firstMs), bytes, items, errors: result.errors };
}

/**
 * Times a big LIST twice: with LeanReader (the figure: the server's time to the last byte) and
 * with Node's https client (kept beside it; on this machine that client's parser and streams
 * take more CPU per byte than the apiserver does, so it measures the client). The item count
 * comes from the first of Node's client's answers.
 */
async function timeBigList(client: BenchClient, target: ApiTarget, path: string, profile: Profile, countItems: boolean): Promise<ListFigure> {
  const node = await timeList(viaNode(client), path, profile.listRepeats, profile.listMaxMs, countItems);
  // Connected only now, so that no idle timeout can close it while Node's client is measured.
  const reader = new LeanReader(target);
  await reader.connect();
  const lean = await timeList((p) => reader.get(p), path, profile.listRepeats, profile.listMaxMs, false).finally(() => reader.close());
  // The first call of all went through Node's client.
  return { ...lean, firstMs: node.firstMs, items: node.items, nodeHttps: node.latency, errors: [...node.errors, ...lean.errors] };
}

/** GETs through Node's https client, keeping the body only when asked. */
function viaNode(client: BenchClient): (path: string, keep: boolean) => Promise<HttpAnswer> {
  return (path, keep) => client.request('GET', path, { discardBody: !keep, timeoutMs: 120_000 });
}

/** Walks every limit=500 page of the namespace once; returns the per-page times and the total. */
async function walkPages(client: BenchClient): Promise<{ pageMs: number[]; totalMs: number; items: number; bytes: number }> {
  const pageMs: number[] = [];
  let items = 0;
  let bytes = 0;
  let cont: string | undefined;
  const start = nowMs();
  do {
    const path = `${podsPath(LIST_NAMESPACE)}?limit=${PAGE}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
    const ans = expectStatus('GET', path, await client.request('GET', path), [200]);
    pageMs.push(ans.ms);
    bytes = Math.max(bytes, ans.bytes);
    const page = JSON.parse(ans.text) as { items: unknown[]; metadata: { continue?: string } };
    items += page.items.length;
    cont = page.metadata.continue || undefined;
  } while (cont && pageMs.length < 10_000);
  return { pageMs, totalMs: nowMs() - start, items, bytes };
}

/**
 * Fills a namespace with `profile.listPods` pods (64 clients), then times LISTs of it: full
 * (consistent read), resourceVersion=0 (from the watch cache), paginated with limit=500, and a
 * label selector matching one pod in SHARDS.
 */
export async function measureLists(target: ApiTarget, profile: Profile): Promise<ListResults> {
  const writer = new BenchClient(target, FILL_CLIENTS);
  await ensureNamespace(writer, LIST_NAMESPACE);
  await writer.warmUp(FILL_CLIENTS);
  const fill = await runLoad({ clients: FILL_CLIENTS, count: profile.listPods, maxMs: profile.fillMaxMs }, async (i) => {
    await createPod(writer, LIST_NAMESPACE, `l-${i}`, i);
  });
  writer.close();
  const client = new BenchClient(target, 1);
  await client.warmUp(1);
  const base = podsPath(LIST_NAMESPACE);
  const countAll = profile.listPods <= 20_000;
  const full = await timeBigList(client, target, base, profile, countAll);
  const resourceVersion0 = await timeBigList(client, target, `${base}?resourceVersion=0`, profile, countAll);
  const walks: Awaited<ReturnType<typeof walkPages>>[] = [];
  const walkDeadline = nowMs() + profile.listMaxMs;
  const pagedErrors: string[] = [];
  while (walks.length < 3 && nowMs() < walkDeadline) {
    try {
      walks.push(await walkPages(client));
    } catch (err) {
      pagedErrors.push(err instanceof Error ? err.message : String(err));
      break;
    }
  }
  const selectorText = 'shard=s7';
  const selector = await timeList(
    viaNode(client),
    `${base}?labelSelector=${encodeURIComponent(selectorText)}`,
    profile.listRepeats * 5,
    profile.listMaxMs,
    true,
  );
  client.close();
  const pods = walks[0]?.items ?? -1;
  return {
    pods,
    fill,
    full,
    resourceVersion0,
    paginated: {
      pageSize: PAGE,
      latency: summarize(walks.flatMap((w) => w.pageMs)),
      firstMs: round(walks[0]?.pageMs[0] ?? NaN),
      bytes: walks[0]?.bytes ?? 0,
      items: pods,
      errors: pagedErrors,
      traversal: summarize(walks.map((w) => w.totalMs)),
    },
    selector: { ...selector, selector: `${selectorText} (matches ~${Math.round(profile.listPods / SHARDS)} of ${profile.listPods})` },
  };
}

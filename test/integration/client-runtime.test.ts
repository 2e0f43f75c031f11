// The client runtime of kubepg's own components (src/controllers/runtime) against a real
// apiserver: the informer lists, watches and survives the apiserver being killed and restarted;
// the event recorder aggregates repeats; two leader electors on one Lease never both lead.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventRecorder } from 'src/controllers/runtime/event-recorder';
import { Informer } from 'src/controllers/runtime/informer';
import { KubeClient, isNotFound, resourcePath } from 'src/controllers/runtime/kube-client';
import { LeaderElector } from 'src/controllers/runtime/leader-election';
import type { KubeObject } from 'src/registry/generic/object';
import { configMap, freePort, startApiServerProcess, waitFor, type ApiServerProcess } from 'test/support/apiserver';
import { createTestDatabase, type TestDatabase } from 'test/support/postgres';

const CM = resourcePath('v1', 'configmaps', 'default');

describe('client runtime against a real apiserver', () => {
  let db: TestDatabase;
  let dataDir: string;
  let port: number;
  let proc: ApiServerProcess;
  let client: KubeClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubepg-runtime-'));
    port = await freePort();
    proc = await startApiServerProcess(dataDir, db.url, port);
    client = await KubeClient.load({ kubeconfig: proc.kubeconfigPath, userAgent: 'kubepg-test' });
  });

  afterAll(async () => {
    client?.close();
    await proc?.kill('SIGTERM');
    await db?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('KubeClient maps API errors to ApiError with the Status reason', async () => {
    const err = await client.get(`${CM}/missing`).catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    expect((err as { status: { message: string } }).status.message).toBe('configmaps "missing" not found');
  });

  it('the informer delivers the initial list, then adds, updates (with the old object) and deletes, across an apiserver restart', async () => {
    await client.create(CM, configMap('before'));
    const inf = new Informer<KubeObject>(client, CM, { indexers: { byValue: (o) => [String(o.data?.v ?? '')] } });
    const log: string[] = [];
    inf.on('add', (o) => log.push(`add ${o.metadata.name}`));
    inf.on('update', (o, old) => log.push(`update ${o.metadata.name} ${old.data?.v ?? ''}->${o.data?.v ?? ''}`));
    inf.on('delete', (o) => log.push(`delete ${o.metadata.name}`));
    await inf.start();
    expect(inf.hasSynced()).toBe(true);
    expect(log).toEqual(['add before']);

    await client.create(CM, configMap('a', { v: '1' }));
    await client.patch(`${CM}/a`, { data: { v: '2' } }, 'merge');
    await client.delete(`${CM}/before`);
    await waitFor(() => log.length === 4, 'three watch events');
    expect(log.slice(1)).toEqual(['add a', 'update a 1->2', 'delete before']);
    expect(inf.byIndex('byValue', '2').map((o) => o.metadata.name)).toEqual(['a']);
    expect(inf.byIndex('byValue', '1')).toEqual([]);

    await proc.kill('SIGKILL');
    proc = await startApiServerProcess(dataDir, db.url, port);
    await client.create(CM, configMap('after'));
    await waitFor(() => inf.get('default/after'), 'the informer to see a create made after the restart', 30_000);
    expect(inf.list().map((o) => o.metadata.name).sort()).toEqual(['a', 'after']);
    inf.stop();
  });

  it('the event recorder writes one Event per series and counts repeats', async () => {
    const cm = await client.create<KubeObject>(CM, configMap('evented'));
    const rec = new EventRecorder(client, { component: 'test-controller', host: 'h1' });
    rec.event(cm, 'Normal', 'Poked', 'poked once');
    await rec.flush();
    rec.event(cm, 'Normal', 'Poked', 'poked once');
    rec.event(cm, 'Warning', 'Failed', 'it broke');
    await rec.flush();
    const events = await client.list<KubeObject>(resourcePath('v1', 'events', 'default'), { fieldSelector: `involvedObject.uid=${cm.metadata.uid}` });
    const byReason = Object.fromEntries(events.items.map((e) => [e.reason, e]));
    expect(events.items).toHaveLength(2);
    expect(byReason.Poked).toMatchObject({ count: 2, type: 'Normal', message: 'poked once', source: { component: 'test-controller', host: 'h1' } });
    expect(byReason.Poked.involvedObject).toMatchObject({ kind: 'ConfigMap', name: 'evented', namespace: 'default', uid: cm.metadata.uid });
    expect(byReason.Failed).toMatchObject({ count: 1, type: 'Warning' });
  });

  it('two leader electors on one Lease: only one leads until it releases', async () => {
    const opts = { namespace: 'kube-system', name: 'test-election', leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 200 };
    const leaders: string[] = [];
    const a = new LeaderElector(client, { ...opts, identity: 'a' });
    const b = new LeaderElector(client, { ...opts, identity: 'b' });
    const runA = a.run({ onStartedLeading: () => void leaders.push('a'), onStoppedLeading: () => undefined });
    await waitFor(() => leaders.length === 1, 'a to lead');
    const runB = b.run({ onStartedLeading: () => void leaders.push('b'), onStoppedLeading: () => undefined });
    await new Promise((r) => setTimeout(r, 2500));
    expect(leaders).toEqual(['a']);
    await a.release();
    await runA;
    await waitFor(() => leaders.length === 2, 'b to take over');
    const lease = await client.get<KubeObject>(resourcePath('coordination.k8s.io/v1', 'leases', 'kube-system', 'test-election'));
    expect(lease.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1, leaseDurationSeconds: 2 });
    await b.release();
    await runB;
  });
});

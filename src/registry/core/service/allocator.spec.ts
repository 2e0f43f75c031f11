import type { StatusError } from 'src/apiserver/status';
import { ServiceAllocator } from 'src/registry/core/service/allocator';
import { ClusterIPAllocator } from 'src/registry/core/service/cluster-ip-allocator';
import { parseIPRange } from 'src/registry/core/service/ip-range';
import { NODE_PORT_CLAIMS, NodePortAllocator } from 'src/registry/core/service/node-port-allocator';
import { parsePortRange } from 'src/registry/core/service/port-range';
import { AllocationRepair } from 'src/registry/core/service/repair';
import type { KubeObject } from 'src/registry/generic/object';
import type { RegisteredResource } from 'src/registry/generic/resource';
import type { GenericStore } from 'src/registry/generic/store';
import { createRegistry } from 'src/registry/index';
import type { Storage } from 'src/storage/storage';
import type { Mutation } from 'src/storage/types';

/** An in-memory stand-in for the storage layer and the store: rows by GroupResource and name. */
function fakes() {
  const rows = new Map<string, Map<string, KubeObject>>();
  let rv = 1;
  const table = (r: string) => rows.get(r) ?? rows.set(r, new Map()).get(r)!;
  const storage = {
    cache: (r: RegisteredResource) => ({
      get: (_ns: string, name: string) => (table(r.groupResource).has(name) ? { json: JSON.stringify(table(r.groupResource).get(name)) } : undefined),
      list: () => [...table(r.groupResource).values()].map((o) => ({ json: JSON.stringify(o) })),
    }),
    consistentRv: async () => rv,
    listAt: async (r: RegisteredResource) => [...table(r.groupResource).entries()].map(([name, o]) => ({ namespace: '', name, json: JSON.stringify(o) })),
    write: async (m: Mutation) => {
      const t = table(m.resource);
      if (m.op === 'create' && t.has(m.name)) {
        return { ok: false, reason: 'exists' };
      }
      rv += 1;
      m.obj.metadata.resourceVersion = String(rv);
      if (m.op === 'delete') {
        t.delete(m.name);
      } else {
        t.set(m.name, m.obj);
      }
      return { ok: true, rv, json: JSON.stringify(m.obj) };
    },
  } as unknown as Storage;
  const store = {
    create: async (r: RegisteredResource, _ns: string | undefined, obj: KubeObject) => {
      if (table(r.groupResource).has(obj.metadata.name!)) {
        throw Object.assign(new Error('exists'), { status: { reason: 'AlreadyExists' } });
      }
      obj.metadata.creationTimestamp = new Date().toISOString();
      table(r.groupResource).set(obj.metadata.name!, obj);
      return { json: JSON.stringify(obj) };
    },
    delete: async (t: { resource: RegisteredResource; name: string }) => table(t.resource.groupResource).delete(t.name),
  } as unknown as GenericStore;
  const registry = createRegistry();
  const ips = new ClusterIPAllocator(storage, registry, parseIPRange('10.96.0.0/12'), () => 0);
  const ports = new NodePortAllocator(storage, parsePortRange('30000-32767'), () => 0);
  const repair = new AllocationRepair(storage, registry, store, ips, ports, () => undefined);
  return { table, store, ips, ports, repair, alloc: new ServiceAllocator(ips, ports, registry) };
}

const svc = (name: string, spec: Record<string, unknown>): KubeObject => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP' }], ...spec },
});

async function refusal(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as StatusError;
  expect(err).toBeDefined();
  return { code: err.status.code, message: err.status.message! };
}

describe('ServiceAllocator', () => {
  it('gives a new Service the first address of the dynamic band and records an IPAddress for it', async () => {
    const f = fakes();
    const s = svc('web', {});
    await f.alloc.beginCreate(s, { store: f.store, dryRun: false });
    expect([s.spec.clusterIP, s.spec.clusterIPs]).toEqual(['10.96.1.1', ['10.96.1.1']]);
    expect(f.table('ipaddresses.networking.k8s.io').get('10.96.1.1')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IPAddress',
      metadata: {
        name: '10.96.1.1',
        creationTimestamp: expect.any(String),
        labels: { 'ipaddress.kubernetes.io/ip-family': 'IPv4', 'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io' },
      },
      spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'web' } },
    });
    const next = svc('api', {});
    await f.alloc.beginCreate(next, { store: f.store, dryRun: false });
    expect(next.spec.clusterIP).toBe('10.96.1.2');
  });

  it('refuses a taken, a network and a foreign address with upstream messages', async () => {
    const f = fakes();
    await f.alloc.beginCreate(svc('dns', { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] }), { store: f.store, dryRun: false });
    const again = svc('dns2', { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] });
    expect(await refusal(f.alloc.beginCreate(again, { store: f.store, dryRun: false }))).toEqual({
      code: 422,
      message:
        'Service "dns2" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    });
    expect((await refusal(f.alloc.beginCreate(svc('net', { clusterIPs: ['10.96.0.0'] }), { store: f.store, dryRun: false }))).message).toBe(
      'Service "net" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.0"}: failed to allocate IP 10.96.0.0: the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    expect((await refusal(f.alloc.beginCreate(svc('far', { clusterIPs: ['192.168.1.1'] }), { store: f.store, dryRun: false }))).message).toBe(
      'Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"192.168.1.1"}: failed to allocate IP 192.168.1.1: the provided network does not match the current range',
    );
  });

  it('a dry run claims nothing: the network address for a new IP, conflicts only for node ports', async () => {
    const f = fakes();
    await f.alloc.beginCreate(svc('np', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), { store: f.store, dryRun: false });
    const dry = svc('dry', { type: 'NodePort', ports: [{ port: 80 }, { port: 81 }] });
    await f.alloc.beginCreate(dry, { store: f.store, dryRun: true });
    expect([dry.spec.clusterIP, dry.spec.ports.map((p: { nodePort: number }) => p.nodePort)]).toEqual(['10.96.0.0', [32769, 32770]]);
    expect([...f.table('ipaddresses.networking.k8s.io').keys()]).toHaveLength(1);
    const clash = svc('clash', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    expect((await refusal(f.alloc.beginCreate(clash, { store: f.store, dryRun: true }))).message).toBe(
      'Service "clash" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
  });

  it('node ports: requested ones honoured, shared by ports with the same number, a failure rolls everything back', async () => {
    const f = fakes();
    const s = svc('np', {
      type: 'NodePort',
      ports: [
        { port: 53, protocol: 'UDP', nodePort: 30053 },
        { port: 53, protocol: 'TCP' },
        { port: 80, protocol: 'TCP' },
      ],
    });
    await f.alloc.beginCreate(s, { store: f.store, dryRun: false });
    expect(s.spec.ports.map((p: { nodePort: number }) => p.nodePort)).toEqual([30053, 30053, 30086]);
    const bad = svc('bad', { type: 'NodePort', ports: [{ port: 80 }, { port: 81, nodePort: 30053 }] });
    expect((await refusal(f.alloc.beginCreate(bad, { store: f.store, dryRun: false }))).message).toBe(
      'Service "bad" is invalid: spec.ports[1].nodePort: Invalid value: 30053: provided port is already allocated',
    );
    expect([...f.table(NODE_PORT_CLAIMS.groupResource).keys()].sort()).toEqual(['30053', '30086']);
    expect([...f.table('ipaddresses.networking.k8s.io').keys()]).toEqual([s.spec.clusterIP]);
    expect(
      (await refusal(f.alloc.beginCreate(svc('out', { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }), { store: f.store, dryRun: false }))).message,
    ).toBe(
      'Service "out" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('type changes: NodePort to ClusterIP releases ports on commit, to ExternalName releases the IP, revert frees new claims', async () => {
    const f = fakes();
    const old = svc('web', { type: 'NodePort', ports: [{ port: 80 }], externalTrafficPolicy: 'Cluster' });
    await f.alloc.beginCreate(old, { store: f.store, dryRun: false });
    const toClusterIP = svc('web', { type: 'ClusterIP', clusterIP: old.spec.clusterIP, clusterIPs: old.spec.clusterIPs, ports: [{ port: 80 }] });
    const txn = await f.alloc.beginUpdate(toClusterIP, old, { store: f.store, dryRun: false });
    expect(f.table(NODE_PORT_CLAIMS.groupResource).size).toBe(1);
    await txn.commit();
    expect(f.table(NODE_PORT_CLAIMS.groupResource).size).toBe(0);
    const toExternal = svc('web', { type: 'ExternalName', externalName: 'example.com' });
    await (await f.alloc.beginUpdate(toExternal, toClusterIP, { store: f.store, dryRun: false })).commit();
    expect(f.table('ipaddresses.networking.k8s.io').size).toBe(0);
    const back = svc('web', { type: 'LoadBalancer', ports: [{ port: 80 }], externalTrafficPolicy: 'Local' });
    const revert = await f.alloc.beginUpdate(back, toExternal, { store: f.store, dryRun: false });
    expect([f.table('ipaddresses.networking.k8s.io').size, f.table(NODE_PORT_CLAIMS.groupResource).size, back.spec.healthCheckNodePort > 0]).toEqual([
      1,
      2,
      true,
    ]);
    await revert.revert();
    expect([f.table('ipaddresses.networking.k8s.io').size, f.table(NODE_PORT_CLAIMS.groupResource).size]).toEqual([0, 0]);
  });

  it('refuses dual stack and IPv6 on this single-stack cluster', async () => {
    const f = fakes();
    const errs = async (spec: Record<string, unknown>) => (await refusal(f.alloc.beginCreate(svc('x', spec), { store: f.store, dryRun: false }))).message;
    expect(await errs({ ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4'] })).toBe(
      'Service "x" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    );
    expect(await errs({ clusterIP: 'fd00::1', clusterIPs: ['fd00::1'], ipFamilies: ['IPv4'] })).toBe(
      'Service "x" is invalid: spec.clusterIPs[0]: Invalid value: []string{"fd00::1"}: IPv6 is not configured on this cluster',
    );
  });
});

describe('AllocationRepair', () => {
  it('frees claims of Services that are gone once past the grace period, and restores missing ones', async () => {
    const f = fakes();
    const kept = svc('kept', { type: 'NodePort', ports: [{ port: 80 }] });
    const gone = svc('gone', { type: 'NodePort', ports: [{ port: 80 }] });
    for (const s of [kept, gone]) {
      await f.alloc.beginCreate(s, { store: f.store, dryRun: false });
    }
    f.table('services').set('default/kept', kept);
    f.table('ipaddresses.networking.k8s.io').delete(kept.spec.clusterIP);
    f.table(NODE_PORT_CLAIMS.groupResource).delete(String(kept.spec.ports[0].nodePort));
    const soon = await f.repair.runOnce(new Date(Date.now() + 30_000));
    expect(soon).toEqual({ releasedIPs: [], restoredIPs: [kept.spec.clusterIP], releasedPorts: [], restoredPorts: [kept.spec.ports[0].nodePort] });
    const later = await f.repair.runOnce(new Date(Date.now() + 61_000));
    expect(later).toEqual({ releasedIPs: [gone.spec.clusterIP], restoredIPs: [], releasedPorts: [gone.spec.ports[0].nodePort], restoredPorts: [] });
    expect([...f.table('ipaddresses.networking.k8s.io').keys()]).toEqual([kept.spec.clusterIP]);
    expect([...f.table(NODE_PORT_CLAIMS.groupResource).values()].map((c) => c.service)).toEqual([{ namespace: 'default', name: 'kept', uid: 'uid-kept' }]);
  });
});

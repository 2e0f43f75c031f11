import { checkNodeHealth, computeZoneState, type HealthCheck, type NodeCondition, type NodeHealth } from 'src/controllers/node-lifecycle/node-health';
import type { KubeObject } from 'src/registry/generic/object';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const iso = (s: number) => at(s).toISOString().replace('.000Z', 'Z');
const GRACE = 40_000;

function node(conditions?: NodeCondition[]): KubeObject {
  return { metadata: { name: 'n1', creationTimestamp: iso(0) }, status: conditions ? { conditions } : {} };
}
const ready = (status: string, heartbeat: number): NodeCondition => ({
  type: 'Ready',
  status,
  reason: 'KubeletReady',
  lastHeartbeatTime: iso(heartbeat),
  lastTransitionTime: iso(0),
});
const check = (c: Partial<HealthCheck> & { now: Date }): ReturnType<typeof checkNodeHealth> =>
  checkNodeHealth({ node: node([ready('True', 0)]), gracePeriodMs: GRACE, startupGracePeriodMs: 60_000, ...c });

describe('node health', () => {
  it('records a first sighting at the controller clock and writes nothing', () => {
    const r = check({ now: at(100) });
    expect(r.health.probeTimestamp).toBe(at(100).getTime());
    expect(r.statusUpdate).toBeUndefined();
  });

  it.each<[string, number, string | undefined, boolean]>([
    ['a renewed lease within the grace period', 130, iso(95), false],
    ['a renewed lease keeps a node healthy past the status grace', 139, iso(120), false],
    ['no renewal for longer than the grace period', 141, iso(90), true],
  ])('%s', (_, now, leaseRenewal, unknown) => {
    const first = check({ now: at(100), leaseRenewTime: iso(90) });
    const second = check({ now: at(now - 20), saved: first.health, leaseRenewTime: leaseRenewal });
    const r = check({ now: at(now), saved: second.health, leaseRenewTime: leaseRenewal });
    expect(r.statusUpdate !== undefined).toBe(unknown);
  });

  it('turns Ready, MemoryPressure, DiskPressure and PIDPressure Unknown, keeping the heartbeat', () => {
    const saved: NodeHealth = { probeTimestamp: at(0).getTime(), readyTransitionTimestamp: at(0).getTime(), ready: ready('True', 0) };
    const n = node([
      ready('True', 0),
      { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: iso(0), lastTransitionTime: iso(0) },
      { type: 'NetworkUnavailable', status: 'False' },
    ]);
    const r = check({ node: n, now: at(41), saved });
    expect(r.observedReady.status).toBe('True');
    expect(r.currentReady).toEqual({
      type: 'Ready',
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastHeartbeatTime: iso(0),
      lastTransitionTime: iso(41),
    });
    expect(r.statusUpdate?.conditions).toEqual([
      r.currentReady,
      {
        type: 'MemoryPressure',
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastHeartbeatTime: iso(0),
        lastTransitionTime: iso(41),
      },
      { type: 'NetworkUnavailable', status: 'False' },
      {
        type: 'DiskPressure',
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: iso(0),
        lastTransitionTime: iso(41),
      },
      {
        type: 'PIDPressure',
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: iso(0),
        lastTransitionTime: iso(41),
      },
    ]);
    expect(r.healthAfterWrite?.ready?.status).toBe('Unknown');
  });

  it('writes nothing for a node already Unknown', () => {
    const unknown: NodeCondition = { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', lastHeartbeatTime: iso(0), lastTransitionTime: iso(41) };
    const saved: NodeHealth = { probeTimestamp: at(0).getTime(), readyTransitionTimestamp: at(41).getTime(), ready: unknown };
    const n = node([unknown, ...['MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => ({ type, status: 'Unknown' }))]);
    expect(check({ node: n, now: at(90), saved }).statusUpdate).toBeUndefined();
  });

  it('gives a node that never posted status the startup grace period', () => {
    expect(check({ node: node(), now: at(59) }).statusUpdate).toBeUndefined();
    const r = check({ node: node(), now: at(61) });
    expect(r.observedReady).toEqual({ type: 'Ready', status: 'Unknown', lastHeartbeatTime: iso(0), lastTransitionTime: iso(0) });
    expect(r.currentReady).toMatchObject({ status: 'Unknown', reason: 'NodeStatusNeverUpdated', lastTransitionTime: iso(61) });
  });

  it('counts a new kubelet heartbeat in the status as a probe', () => {
    const first = check({ now: at(100) });
    const r = check({ node: node([ready('True', 130)]), now: at(150), saved: first.health });
    expect(r.health.probeTimestamp).toBe(at(150).getTime());
  });
});

describe('zone state', () => {
  const c = (status: string): NodeCondition => ({ type: 'Ready', status });
  it.each<[string[], string]>([
    [['True', 'True'], 'Normal'],
    [['True', 'Unknown'], 'Normal'],
    [['Unknown', 'False'], 'FullDisruption'],
    [['True', 'Unknown', 'Unknown', 'False'], 'PartialDisruption'],
    [['True', 'True', 'Unknown', 'Unknown', 'False', 'True', 'True'], 'Normal'],
  ])('%j is %s', (statuses, state) => {
    expect(computeZoneState(statuses.map(c), 0.55).state).toBe(state);
  });
});

import { resolveOptions } from 'src/node-agent/options';

describe('resolveOptions', () => {
  it('fills kubelet-like defaults', () => {
    const o = resolveOptions({ nodes: 3 });
    expect(o).toMatchObject({
      prefix: 'kubepg-node',
      firstIndex: 0,
      leaseDurationSeconds: 40,
      leaseRenewIntervalMs: 10_000,
      nodeStatusReportIntervalMs: 60_000,
      crashBackOffBaseMs: 10_000,
      crashBackOffMaxMs: 300_000,
      events: true,
    });
    expect(o.capacity).toMatchObject({ cpu: '8', memory: '32Gi', pods: '110' });
    expect(o.allocatable).toEqual(o.capacity);
  });

  it('derives the renew interval from the lease duration and the back-off cap from its base', () => {
    const o = resolveOptions({ nodes: 1, leaseDurationSeconds: 200, crashBackOffBaseMs: 100 });
    expect(o.leaseRenewIntervalMs).toBe(50_000);
    expect(o.crashBackOffMaxMs).toBe(3000);
  });

  it('lets allocatable differ from capacity', () => {
    const o = resolveOptions({ nodes: 1, capacity: { cpu: '4' }, allocatable: { cpu: '3500m' } });
    expect(o.capacity.cpu).toBe('4');
    expect(o.allocatable).toMatchObject({ cpu: '3500m', memory: '32Gi' });
  });

  test.each([{ nodes: -1 }, { nodes: 1.5 }, { nodes: 1, leaseDurationSeconds: 0 }])('rejects %p', (opts) => {
    expect(() => resolveOptions(opts)).toThrow('node agent:');
  });
});

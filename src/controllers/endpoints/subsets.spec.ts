import { desiredSubsets, repackSubsets, truncateSubsets, type EndpointAddress } from 'src/controllers/endpoints/subsets';
import type { KubeObject } from 'src/registry/generic/object';

const svc = (spec: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: 'web', namespace: 'default', uid: 'svc-uid' },
  spec: {
    selector: { app: 'web' },
    clusterIP: '10.96.0.10',
    ipFamilies: ['IPv4'],
    ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    ...spec,
  },
});

interface PodOpts {
  ip?: string;
  ready?: boolean;
  deleting?: boolean;
  phase?: string;
  ports?: Record<string, unknown>[];
  hostname?: string;
  subdomain?: string;
}

function pod(name: string, o: PodOpts = {}): KubeObject {
  return {
    metadata: { name, namespace: 'default', uid: `${name}-uid`, labels: { app: 'web' }, ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: 'node-1', hostname: o.hostname, subdomain: o.subdomain, containers: [{ name: 'c', ports: o.ports ?? [] }] },
    status: {
      phase: o.phase ?? 'Running',
      ...(o.ip === '' ? {} : { podIP: o.ip ?? '10.244.0.1', podIPs: [{ ip: o.ip ?? '10.244.0.1' }] }),
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

const addr = (name: string, ip: string, extra: Partial<EndpointAddress> = {}): EndpointAddress => ({
  ip,
  nodeName: 'node-1',
  targetRef: { kind: 'Pod', namespace: 'default', name, uid: `${name}-uid` },
  ...extra,
});
const http = (port: number) => ({ name: 'http', port, protocol: 'TCP' });

describe('Endpoints subsets', () => {
  it.each<[string, KubeObject, KubeObject[], unknown[]]>([
    ['a ready pod with a numeric target port', svc(), [pod('a')], [{ addresses: [addr('a', '10.244.0.1')], ports: [http(8080)] }]],
    ['a not-ready pod', svc(), [pod('a', { ready: false })], [{ notReadyAddresses: [addr('a', '10.244.0.1')], ports: [http(8080)] }]],
    [
      'ready and not-ready pods in one subset, sorted by IP',
      svc(),
      [pod('b', { ip: '10.244.0.9' }), pod('a', { ip: '10.244.0.2', ready: false }), pod('c', { ip: '10.244.0.10' })],
      [{ addresses: [addr('c', '10.244.0.10'), addr('b', '10.244.0.9')], notReadyAddresses: [addr('a', '10.244.0.2')], ports: [http(8080)] }],
    ],
    ['a terminating pod (left out)', svc(), [pod('a', { deleting: true })], []],
    [
      'a terminating pod with publishNotReadyAddresses (kept, as ready)',
      svc({ publishNotReadyAddresses: true }),
      [pod('a', { deleting: true, ready: false })],
      [{ addresses: [addr('a', '10.244.0.1')], ports: [http(8080)] }],
    ],
    ['a pod without an IP', svc(), [pod('a', { ip: '' })], []],
    ['a finished pod', svc(), [pod('a', { phase: 'Succeeded' })], []],
    [
      'a named target port, resolved per pod',
      svc({ ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] }),
      [
        pod('a', { ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }] }),
        pod('b', { ip: '10.244.0.2', ports: [{ name: 'web', containerPort: 9090, protocol: 'TCP' }] }),
        pod('c', { ip: '10.244.0.3' }),
      ],
      [
        { addresses: [addr('a', '10.244.0.1')], ports: [http(8080)] },
        { addresses: [addr('b', '10.244.0.2')], ports: [http(9090)] },
      ],
    ],
    [
      'a named port of another protocol (not resolved)',
      svc({ ports: [{ name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' }] }),
      [pod('a', { ports: [{ name: 'dns', containerPort: 53, protocol: 'TCP' }] })],
      [],
    ],
    ['a headless service without ports', svc({ clusterIP: 'None', ports: [] }), [pod('a')], [{ addresses: [addr('a', '10.244.0.1')] }]],
    [
      'a hostname when the subdomain names the service',
      svc(),
      [pod('a', { hostname: 'a0', subdomain: 'web' }), pod('b', { ip: '10.244.0.2', hostname: 'b0', subdomain: 'other' })],
      [{ addresses: [addr('a', '10.244.0.1', { hostname: 'a0' }), addr('b', '10.244.0.2')], ports: [http(8080)] }],
    ],
  ])('%s', (_, service, pods, subsets) => {
    expect(desiredSubsets(service, pods).subsets).toEqual(subsets);
  });

  it('groups an address with all the ports it serves, not ready winning over ready', () => {
    const a = addr('a', '10.0.0.1');
    const out = repackSubsets([
      { addresses: [a], ports: [http(1)] },
      { notReadyAddresses: [a], ports: [http(1)] },
      { addresses: [a], ports: [{ name: 'b', port: 2, protocol: 'TCP' }] },
    ]);
    expect(out).toEqual([
      { addresses: [a], ports: [{ name: 'b', port: 2, protocol: 'TCP' }] },
      { notReadyAddresses: [a], ports: [http(1)] },
    ]);
  });

  it('truncates to 1000 addresses, not-ready ones first', () => {
    const many = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => addr(`${prefix}${i}`, `10.${prefix === 'r' ? 1 : 2}.${Math.floor(i / 250)}.${i % 250}`));
    const out = truncateSubsets([{ addresses: many(900, 'r'), notReadyAddresses: many(300, 'n'), ports: [http(1)] }]);
    expect(out?.[0].addresses).toHaveLength(900);
    expect(out?.[0].notReadyAddresses).toHaveLength(100);
    expect(truncateSubsets([{ addresses: many(10, 'r') }])).toBeUndefined();
  });
});

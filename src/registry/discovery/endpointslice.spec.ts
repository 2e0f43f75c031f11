import { fieldErrorMessage } from 'src/apiserver/status';
import { endpointslice } from 'src/registry/discovery/endpointslice';
import { endpointsliceTable, formatDiscoveryEndpoints, formatDiscoveryPorts } from 'src/registry/discovery/endpointslice.table';
import type { KubeObject } from 'src/registry/generic/object';
import type { StrategyContext } from 'src/registry/generic/resource';

const ctx: StrategyContext = { namespace: 'default', now: new Date('2026-01-01T00:00:00Z') };

function slice(extra: Record<string, unknown> = {}): KubeObject {
  return {
    metadata: { name: 'web-abcde', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true } }],
    ports: [{ name: 'http', port: 80 }],
    ...extra,
  };
}

function create(obj: KubeObject): string[] {
  endpointslice.defaults?.(obj, ctx);
  endpointslice.prepareForCreate?.(obj, ctx);
  return (endpointslice.validate?.(obj, ctx) ?? []).map(fieldErrorMessage);
}

describe('endpointslices', () => {
  it('default port names to "" and protocols to TCP', () => {
    const obj = slice({ ports: [{ port: 80 }] });
    expect(create(obj)).toEqual([]);
    expect(obj.ports).toEqual([{ port: 80, name: '', protocol: 'TCP' }]);
  });

  it('drop deprecatedTopology written through v1', () => {
    const obj = slice({ endpoints: [{ addresses: ['10.0.0.1'], deprecatedTopology: { a: 'b' } }] });
    expect(create(obj)).toEqual([]);
    expect(obj.endpoints[0]).toEqual({ addresses: ['10.0.0.1'] });
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a missing addressType', { addressType: undefined }, ['addressType: Required value']],
    ['an unknown addressType', { addressType: 'IP' }, ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"']],
    ['an endpoint without addresses', { endpoints: [{ addresses: [] }] }, ['endpoints[0].addresses: Required value: must contain at least 1 address']],
    [
      'an IPv6 address in an IPv4 slice',
      { endpoints: [{ addresses: ['fd00::1'] }] },
      ['endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address'],
    ],
    [
      'a loopback address',
      { endpoints: [{ addresses: ['127.0.0.1'] }] },
      ['endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    ],
    [
      'a one-label FQDN',
      { addressType: 'FQDN', endpoints: [{ addresses: ['localhost'] }] },
      ['endpoints[0].addresses[0]: Invalid value: "localhost": should be a domain with at least two segments separated by dots'],
    ],
    [
      'a bad hostname',
      { endpoints: [{ addresses: ['10.0.0.1'], hostname: 'A_B' }] },
      [expect.stringMatching(/^endpoints\[0\]\.hostname: Invalid value: "A_B": a lowercase RFC 1123 label/)],
    ],
    [
      'duplicate port names',
      {
        ports: [
          { name: 'p', port: 1 },
          { name: 'p', port: 2 },
        ],
      },
      ['ports[1].name: Duplicate value: "p"'],
    ],
    [
      'an unknown protocol',
      { ports: [{ name: 'p', protocol: 'HTTP', port: 1 }] },
      ['ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ],
    [
      'duplicate zone hints',
      { endpoints: [{ addresses: ['10.0.0.1'], hints: { forZones: [{ name: 'a' }, { name: 'a' }] } }] },
      ['endpoints[0].hints.forZones[1].name: Duplicate value: "a"'],
    ],
  ])('reject %s', (_, extra, errors) => {
    expect(create(slice(extra))).toEqual(errors);
  });

  it('keep addressType immutable and count a label change as a new generation', () => {
    const old = slice();
    old.metadata.generation = 4;
    const next = slice({ addressType: 'IPv6', endpoints: [] });
    next.metadata.generation = 4;
    next.metadata.labels = { changed: 'yes' };
    endpointslice.defaults?.(next, ctx);
    endpointslice.prepareForUpdate?.(next, old, ctx);
    expect(next.metadata.generation).toBe(5);
    expect((endpointslice.validateUpdate?.(next, old, ctx) ?? []).map(fieldErrorMessage)).toEqual(['addressType: Invalid value: "IPv6": field is immutable']);
  });
});

describe('endpointslice table', () => {
  it.each<[unknown, string]>([
    [[], '<unset>'],
    [[{ port: 80 }, { name: 'dns' }, {}], '80,dns,*'],
    [[{ port: 1 }, { port: 2 }, { port: 3 }, { port: 4 }, { port: 5 }], '1,2,3 + 2 more...'],
  ])('prints ports %j as %s', (ports, text) => {
    expect(formatDiscoveryPorts(ports as Record<string, unknown>[])).toBe(text);
  });

  it('prints every address of every endpoint, three at most', () => {
    const endpoints = [{ addresses: ['10.0.0.1', '10.0.0.2'] }, { addresses: ['10.0.0.3'] }, { addresses: ['10.0.0.4'] }];
    expect(formatDiscoveryEndpoints(endpoints)).toBe('10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...');
    expect(formatDiscoveryEndpoints(null)).toBe('<unset>');
  });

  it('has the columns NAME ADDRESSTYPE PORTS ENDPOINTS AGE', () => {
    expect(endpointsliceTable.columns.map((c) => c.name)).toEqual(['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
    expect(endpointsliceTable.cells(slice(), new Date('2026-01-01T00:05:00Z'))).toEqual(['web-abcde', 'IPv4', '80', '10.0.0.1', '5m']);
  });
});

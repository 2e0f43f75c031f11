import { dynamicCandidates, formatIPv4, ipRangeOffset, parseIPRange, parseIPv4, prefixContains } from 'src/registry/core/service/ip-range';
import { dynamicPorts, formatPortRange, parsePortRange, portInRange, portRangeOffset } from 'src/registry/core/service/port-range';

describe('service IP ranges', () => {
  it('parses 10.96.0.0/12 into its allocatable addresses and the static band', () => {
    const r = parseIPRange('10.96.0.0/12');
    expect(r.cidr).toBe('10.96.0.0/12');
    expect([formatIPv4(r.network), formatIPv4(r.first), formatIPv4(r.last), formatIPv4(r.broadcast)]).toEqual([
      '10.96.0.0',
      '10.96.0.1',
      '10.111.255.254',
      '10.111.255.255',
    ]);
    // min(max(16, 2^20/16), 256): the lowest 256 addresses are left to requested IPs.
    expect(r.rangeOffset).toBe(256);
  });

  it('masks the host bits and rejects what is not an IPv4 CIDR', () => {
    expect(parseIPRange('10.96.7.9/12').cidr).toBe('10.96.0.0/12');
    for (const bad of ['10.96.0.0', 'fd00::/64', '10.96.0.0/31', '300.1.1.1/8', '10.96.0.0/12/1']) {
      expect(() => parseIPRange(bad)).toThrow(/invalid IPv4 service CIDR/);
    }
  });

  it('computes the static band as upstream calculateRangeOffset does', () => {
    expect([16, 32, 256, 1024, 4096, 65536, 2 ** 20].map(ipRangeOffset)).toEqual([0, 16, 16, 64, 256, 256, 256]);
  });

  it('parses dotted quads strictly', () => {
    expect(parseIPv4('10.96.0.10')).toBe(10 * 2 ** 24 + 96 * 2 ** 16 + 10);
    expect([parseIPv4('10.96.0.010'), parseIPv4('10.96.0'), parseIPv4('10.96.0.256'), parseIPv4('fd00::1')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const r = parseIPRange('10.96.0.0/12');
    expect([prefixContains(r, parseIPv4('10.111.255.255')!), prefixContains(r, parseIPv4('10.112.0.0')!)]).toEqual([true, false]);
  });

  it('tries the upper band from a random start, wrapping, then the lower band', () => {
    const r = parseIPRange('192.168.0.0/27'); // 30 hosts, 16 reserved below .17
    const starts: number[] = [];
    const order = [...dynamicCandidates(r, (n) => (starts.push(n), n - 1))].map((n) => formatIPv4(n).split('.')[3]);
    expect(starts).toEqual([14, 16]);
    expect(order).toEqual(['30', ...Array.from({ length: 13 }, (_, i) => String(17 + i)), '16', ...Array.from({ length: 15 }, (_, i) => String(1 + i))]);
    expect(new Set(order).size).toBe(30);
  });
});

describe('node port ranges', () => {
  it('parses the default range with its static band (min(max(16, 2768/32), 128) = 86)', () => {
    const r = parsePortRange('30000-32767');
    expect(r).toEqual({ base: 30000, size: 2768, rangeOffset: 86 });
    expect(formatPortRange(r)).toBe('30000-32767');
    expect([portRangeOffset(16), portRangeOffset(100), portRangeOffset(10000)]).toEqual([0, 16, 128]);
  });

  it('rejects malformed ranges and answers membership', () => {
    for (const bad of ['32767-30000', 'a-b', '30000-70000', '']) {
      expect(() => parsePortRange(bad)).toThrow(/invalid node port range/);
    }
    const r = parsePortRange('30000-32767');
    expect([portInRange(r, 30000), portInRange(r, 32767), portInRange(r, 29999), portInRange(r, 32768), portInRange(r, 30000.5)]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('yields every port once, dynamic band first', () => {
    const r = parsePortRange('30000-30031'); // 32 ports, 16 static
    const ports = [...dynamicPorts(r, () => 3)];
    expect(ports.slice(0, 2)).toEqual([30019, 30020]);
    expect(ports.slice(16, 18)).toEqual([30003, 30004]);
    expect(new Set(ports).size).toBe(32);
  });
});

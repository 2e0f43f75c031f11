import { PodIPAllocator, ipv4ToNumber, numberToIpv4, parseIpv4Cidr } from 'src/node-agent/ip-allocator';

describe('IPv4 helpers', () => {
  test.each([
    ['0.0.0.0', 0],
    ['10.244.1.2', 183_763_202],
    ['255.255.255.255', 4_294_967_295],
  ])('%s <-> %d', (ip, n) => {
    expect(ipv4ToNumber(ip)).toBe(n);
    expect(numberToIpv4(n)).toBe(ip);
  });

  test.each(['10.0.0', '10.0.0.256', 'a.b.c.d', '::1'])('rejects %s', (ip) => {
    expect(() => ipv4ToNumber(ip)).toThrow('not an IPv4 address');
  });

  it('parses a CIDR to its network address', () => {
    expect(parseIpv4Cidr('10.244.3.7/24')).toEqual({ base: ipv4ToNumber('10.244.3.0'), prefix: 24 });
    expect(() => parseIpv4Cidr('10.0.0.0/33')).toThrow('not an IPv4 CIDR');
  });
});

describe('PodIPAllocator (host-local style)', () => {
  it('skips the network, gateway and broadcast addresses and hands out addresses in order', () => {
    const a = new PodIPAllocator('10.244.0.0/24');
    expect(a.free).toBe(253);
    expect(['a', 'b', 'c'].map((o) => a.allocate(o))).toEqual(['10.244.0.2', '10.244.0.3', '10.244.0.4']);
  });

  it('gives an owner the IP it already holds', () => {
    const a = new PodIPAllocator('10.244.0.0/24');
    const ip = a.allocate('pod');
    expect(a.allocate('pod')).toBe(ip);
    expect(a.ipOf('pod')).toBe(ip);
  });

  it('does not reuse a released IP before the range wraps', () => {
    const a = new PodIPAllocator('10.0.0.0/29');
    expect(['a', 'b', 'c', 'd'].map((o) => a.allocate(o))).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5']);
    a.release('b');
    expect(a.allocate('e')).toBe('10.0.0.6');
    expect(a.allocate('f')).toBe('10.0.0.3');
    expect(a.allocate('g')).toBeUndefined();
  });

  it('re-learns IPs of existing pods and never hands them out twice', () => {
    const a = new PodIPAllocator('10.244.7.0/24');
    expect(a.reserve('10.244.7.2', 'old')).toBe(true);
    expect(a.reserve('10.244.7.2', 'other')).toBe(false);
    expect(a.reserve('10.244.7.2', 'old')).toBe(true);
    expect(a.reserve('10.244.8.2', 'x')).toBe(false);
    expect(a.reserve('10.244.7.255', 'x')).toBe(false);
    expect(a.allocate('new')).toBe('10.244.7.3');
  });
});

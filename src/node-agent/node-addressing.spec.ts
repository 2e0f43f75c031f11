import { MAX_NODE_INDEX, internalIPFor, nodeName, podCIDRFor } from 'src/node-agent/node-addressing';

describe('node address plan', () => {
  test.each([
    [0, '10.244.0.0/24', '192.168.0.1'],
    [1, '10.244.1.0/24', '192.168.0.2'],
    [253, '10.244.253.0/24', '192.168.0.254'],
    [254, '10.244.254.0/24', '192.168.1.1'],
    [255, '10.244.255.0/24', '192.168.1.2'],
    [256, '10.245.0.0/24', '192.168.1.3'],
    [999, '10.247.231.0/24', '192.168.3.238'],
    [3071, '10.255.255.0/24', '192.168.12.24'],
    [3072, '100.64.0.0/24', '192.168.12.25'],
    [19_455, '100.127.255.0/24', '192.168.76.152'],
  ])('node %d: pod CIDR %s, InternalIP %s', (i, cidr, ip) => {
    expect(podCIDRFor(i)).toBe(cidr);
    expect(internalIPFor(i)).toBe(ip);
  });

  it('names nodes <prefix>-<index>', () => {
    expect(nodeName('kubepg-node', 7)).toBe('kubepg-node-7');
  });

  it('refuses indexes outside the pod CIDR plan', () => {
    expect(podCIDRFor(MAX_NODE_INDEX)).toBe('100.127.255.0/24');
    expect(() => podCIDRFor(MAX_NODE_INDEX + 1)).toThrow('outside the pod CIDR plan');
    expect(() => podCIDRFor(-1)).toThrow();
    expect(() => internalIPFor(65_024)).toThrow('outside the InternalIP plan');
  });

  it('gives every node a distinct InternalIP and pod CIDR', () => {
    const ips = new Set<string>();
    const cidrs = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      ips.add(internalIPFor(i));
      cidrs.add(podCIDRFor(i));
    }
    expect(ips.size).toBe(5000);
    expect(cidrs.size).toBe(5000);
  });
});

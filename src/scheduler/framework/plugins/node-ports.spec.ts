import { nodePorts } from 'src/scheduler/framework/plugins/node-ports';
import { node, pod, runFilterPlugin, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

const withPorts = (name: string, ports: Record<string, unknown>[], nodeName?: string, init = false) => {
  const c = { name: 'c', image: 'nginx:1.27', ports };
  return pod(name, { nodeName, spec: init ? { initContainers: [{ ...c, restartPolicy: 'Always' }] } : { containers: [c] } });
};

describe('NodePorts', () => {
  const s = snapshotOf(
    [node('n1'), node('n2')],
    [
      withPorts('running', [{ containerPort: 80, hostPort: 8080 }], 'n1'),
      withPorts('dns', [{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }], 'n2', true),
    ],
  );
  const taken = { code: 'Unschedulable', reasons: ["node(s) didn't have free ports for the requested pod ports"], plugin: 'NodePorts' };
  it.each([
    ['no host ports: skipped', pod('web'), 'skip'],
    ['the same TCP port collides', withPorts('new', [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }]), { n1: taken, n2: 'ok' }],
    ['another protocol does not', withPorts('new', [{ containerPort: 80, hostPort: 8080, protocol: 'UDP' }]), { n1: 'ok', n2: 'ok' }],
    [
      'a sidecar port is in use too; 0.0.0.0 collides with any IP',
      withPorts('new', [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }]),
      { n1: 'ok', n2: taken },
    ],
    ['another host IP does not collide', withPorts('new', [{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.2' }]), { n1: 'ok', n2: 'ok' }],
  ])('%s', (_name, p, expected) => {
    expect(runFilterPlugin(nodePorts, p, s)).toEqual(expected);
  });
});

import { nodeName } from 'src/scheduler/framework/plugins/node-name';
import { node, pod, runFilterPlugin, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

describe('NodeName', () => {
  const s = snapshotOf([node('n1'), node('n2')]);
  it.each([
    ['a pod without spec.nodeName skips the check', pod('web'), 'skip'],
    [
      'a pod naming a node fits only that node',
      pod('web', { nodeName: 'n2' }),
      { n1: { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match the requested node name"], plugin: 'NodeName' }, n2: 'ok' },
    ],
  ])('%s', (_name, p, expected) => {
    expect(runFilterPlugin(nodeName, p, s)).toEqual(expected);
  });
});

import { nodeUnschedulable } from 'src/scheduler/framework/plugins/node-unschedulable';
import { node, pod, runFilterPlugin, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

describe('NodeUnschedulable', () => {
  const s = snapshotOf([node('ready'), node('cordoned', { unschedulable: true })]);
  it.each([
    [
      'an ordinary pod avoids cordoned nodes',
      pod('web'),
      { ready: 'ok', cordoned: { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'], plugin: 'NodeUnschedulable' } },
    ],
    [
      'a pod tolerating the unschedulable taint does not care',
      pod('ds', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } }),
      'skip',
    ],
  ])('%s', (_name, p, expected) => {
    expect(runFilterPlugin(nodeUnschedulable, p, s)).toEqual(expected);
  });
});

import { taintTolerationFilter, taintTolerationScore } from 'src/scheduler/framework/plugins/taint-toleration';
import { node, pod, runFilterPlugin, runScorePlugin, snapshotOf } from 'src/scheduler/framework/testing/fixtures';

const untolerated = (reason: string) => ({ code: 'UnschedulableAndUnresolvable', reasons: [reason], plugin: 'TaintToleration' });

describe('TaintToleration filter', () => {
  const s = snapshotOf([
    node('plain'),
    node('gpu', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
    node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    node('draining', { taints: [{ key: 'example.com/maintenance', value: 'true', effect: 'NoExecute' }] }),
    node('soft', { taints: [{ key: 'example.com/spot', value: 'true', effect: 'PreferNoSchedule' }] }),
  ]);
  it.each([
    [
      'NoSchedule and NoExecute taints keep an ordinary pod away, PreferNoSchedule does not',
      pod('web'),
      {
        plain: 'ok',
        gpu: untolerated('node(s) had untolerated taint {dedicated: gpu}'),
        cp: untolerated('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'),
        draining: untolerated('node(s) had untolerated taint {example.com/maintenance: true}'),
        soft: 'ok',
      },
    ],
    [
      'an Equal toleration with the value and effect',
      pod('train', { spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] } }),
      {
        plain: 'ok',
        gpu: 'ok',
        cp: untolerated('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'),
        draining: untolerated('node(s) had untolerated taint {example.com/maintenance: true}'),
        soft: 'ok',
      },
    ],
    [
      'an Exists toleration without a key tolerates everything',
      pod('ds', { spec: { tolerations: [{ operator: 'Exists' }] } }),
      { plain: 'ok', gpu: 'ok', cp: 'ok', draining: 'ok', soft: 'ok' },
    ],
  ])('%s', (_name, p, expected) => {
    expect(runFilterPlugin(taintTolerationFilter, p, s)).toEqual(expected);
  });
});

describe('TaintToleration score', () => {
  const prefer = (key: string) => ({ key, value: 'true', effect: 'PreferNoSchedule' });
  const s = snapshotOf([
    node('none'),
    node('one', { taints: [prefer('a')] }),
    node('two', { taints: [prefer('a'), prefer('b'), { key: 'c', effect: 'NoSchedule' }] }),
  ]);
  it.each([
    ['fewer intolerable PreferNoSchedule taints score higher', pod('web'), { none: 100, one: 50, two: 0 }],
    ['tolerated ones do not count', pod('web', { spec: { tolerations: [{ key: 'a', operator: 'Exists' }] } }), { none: 100, one: 100, two: 0 }],
    [
      'a NoSchedule toleration does not tolerate PreferNoSchedule',
      pod('web', { spec: { tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }] } }),
      { none: 100, one: 50, two: 0 },
    ],
  ])('%s', (_name, p, expected) => {
    expect(runScorePlugin(taintTolerationScore, p, s)).toEqual(expected);
  });
});

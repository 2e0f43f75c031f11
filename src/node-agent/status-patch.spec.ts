import { twoWayStatusPatch } from 'src/node-agent/status-patch';

const keys = { conditions: 'type' };

describe('twoWayStatusPatch', () => {
  it('is undefined when nothing changed (nulls and missing keys are the same)', () => {
    const old = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], qosClass: 'BestEffort' };
    expect(twoWayStatusPatch(old, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }] }, keys)).toBeUndefined();
  });

  it('sends only changed conditions, with null for dropped fields and the full order', () => {
    const old = {
      conditions: [
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'm' },
        { type: 'PodScheduled', status: 'True' },
      ],
    };
    const desired = { conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] };
    expect(twoWayStatusPatch(old, desired, keys)).toEqual({
      '$setElementOrder/conditions': [{ type: 'Ready' }, { type: 'PodScheduled' }],
      conditions: [{ type: 'Ready', status: 'True', reason: null, message: null }],
    });
  });

  it('adds new conditions whole', () => {
    expect(twoWayStatusPatch({}, { conditions: [{ type: 'Ready', status: 'True' }] }, keys)).toEqual({
      '$setElementOrder/conditions': [{ type: 'Ready' }],
      conditions: [{ type: 'Ready', status: 'True' }],
    });
  });

  it('replaces lists without a merge key and diffs maps key by key', () => {
    const old = { containerStatuses: [{ name: 'a', state: { waiting: {} } }], nodeInfo: { a: '1', b: '2' } };
    const desired = { containerStatuses: [{ name: 'a', state: { running: {} } }], nodeInfo: { a: '1', b: '3' } };
    expect(twoWayStatusPatch(old, desired, keys)).toEqual({ containerStatuses: desired.containerStatuses, nodeInfo: { b: '3' } });
  });

  it('removes keys set to undefined and leaves unnamed keys alone', () => {
    expect(twoWayStatusPatch({ podIP: '10.0.0.2', qosClass: 'Burstable' }, { podIP: undefined })).toEqual({ podIP: null });
  });

  it('reorders conditions when only the order differs', () => {
    const old = { conditions: [{ type: 'B' }, { type: 'A' }] };
    expect(twoWayStatusPatch(old, { conditions: [{ type: 'A' }, { type: 'B' }] }, keys)).toEqual({
      '$setElementOrder/conditions': [{ type: 'A' }, { type: 'B' }],
      conditions: [],
    });
  });
});

import { fieldErrorMessage } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { StrategyContext } from 'src/registry/generic/resource';
import { priorityclass } from 'src/registry/scheduling/priorityclass';
import { priorityclassTable } from 'src/registry/scheduling/priorityclass.table';

const ctx: StrategyContext = { now: new Date('2026-01-01T00:00:00Z') };

function create(obj: KubeObject): string[] {
  priorityclass.defaults!(obj, ctx);
  return priorityclass.validate!(obj, ctx).map(fieldErrorMessage);
}

describe('priority classes', () => {
  it('store `kubectl create priorityclass pc1 --value=1000` as Go serializes it', () => {
    const obj: KubeObject = { metadata: { name: 'pc1' }, value: 1000, globalDefault: false, description: '', preemptionPolicy: 'PreemptLowerPriority' };
    expect(create(obj)).toEqual([]);
    expect(obj).toEqual({ metadata: { name: 'pc1' }, value: 1000, preemptionPolicy: 'PreemptLowerPriority' });
    const bare: KubeObject = { metadata: { name: 'bare' } };
    expect(create(bare)).toEqual([]);
    expect(bare).toEqual({ metadata: { name: 'bare' }, value: 0, preemptionPolicy: 'PreemptLowerPriority' });
  });

  it('reserve system- names and high values', () => {
    expect(create({ metadata: { name: 'system-foo' }, value: 1 })).toEqual([
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-foo is not a known system priority class",
    ]);
    expect(create({ metadata: { name: 'system-node-critical' }, value: 5 })).toEqual([
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000",
    ]);
    expect(create({ metadata: { name: 'system-cluster-critical' }, value: 2000000000 })).toEqual([]);
    expect(create({ metadata: { name: 'huge' }, value: 1000000001, preemptionPolicy: 'Sometimes' })).toEqual([
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
      'preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"',
    ]);
  });

  it('keep value and preemptionPolicy immutable', () => {
    const old: KubeObject = { metadata: { name: 'pc1' }, value: 1000, preemptionPolicy: 'PreemptLowerPriority' };
    const next: KubeObject = { metadata: { name: 'pc1' }, value: 2000, preemptionPolicy: 'Never', description: 'changed' };
    priorityclass.defaults!(next, ctx);
    expect(priorityclass.validateUpdate!(next, old, ctx).map(fieldErrorMessage)).toEqual([
      'value: Forbidden: may not be changed in an update.',
      'preemptionPolicy: Invalid value: "Never": field is immutable',
    ]);
  });

  it('print NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY', () => {
    const obj: KubeObject = { metadata: { name: 'pc1', creationTimestamp: '2026-01-01T00:00:00Z' }, value: 1000, preemptionPolicy: 'PreemptLowerPriority' };
    expect(priorityclassTable.columns.map((c) => `${c.name}:${c.type}${c.priority ? ':wide' : ''}`)).toEqual([
      'Name:string',
      'Value:integer',
      'Global-Default:boolean',
      'Age:string',
      'PreemptionPolicy:string',
    ]);
    expect(priorityclassTable.cells(obj, new Date('2026-01-03T00:00:00Z'))).toEqual(['pc1', 1000, false, '2d', 'PreemptLowerPriority']);
  });
});

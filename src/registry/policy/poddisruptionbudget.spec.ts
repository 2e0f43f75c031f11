import { fieldErrorMessage } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { StrategyContext } from 'src/registry/generic/resource';
import { poddisruptionbudget } from 'src/registry/policy/poddisruptionbudget';
import { poddisruptionbudgetTable } from 'src/registry/policy/poddisruptionbudget.table';

const ctx: StrategyContext = { namespace: 'default', now: new Date('2026-01-01T00:00:00Z') };

function create(obj: KubeObject): string[] {
  poddisruptionbudget.defaults?.(obj, ctx);
  poddisruptionbudget.prepareForCreate!(obj, ctx);
  return poddisruptionbudget.validate!(obj, ctx).map(fieldErrorMessage);
}

/** The body `kubectl create pdb pdb1 --selector=app=x --min-available=1` sends. */
const kubectlCreate = (): KubeObject => ({
  metadata: { name: 'pdb1', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { minAvailable: 1, selector: { matchLabels: { app: 'x' } } },
  status: { disruptionsAllowed: 3, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
});

describe('pod disruption budgets', () => {
  it('start with zeroed status counters, as Go writes PodDisruptionBudgetStatus{}', () => {
    const obj = kubectlCreate();
    expect(create(obj)).toEqual([]);
    expect(obj.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { app: 'x' } } });
    expect(obj.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  });

  it('reject both budgets, bad percentages and unknown eviction policies', () => {
    const obj = kubectlCreate();
    Object.assign(obj.spec, { maxUnavailable: '150%', unhealthyPodEvictionPolicy: 'Never' });
    expect(create(obj)).toEqual([
      'spec: Invalid value: {"MinAvailable":1,"Selector":{"matchLabels":{"app":"x"}},"MaxUnavailable":"150%","UnhealthyPodEvictionPolicy":"Never"}: minAvailable and maxUnavailable cannot be both set',
      'spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
      'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
    ]);
    const negative = kubectlCreate();
    negative.spec.minAvailable = -1;
    expect(create(negative)).toEqual(['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('let the spec change in policy/v1 and check status counters', () => {
    const old = kubectlCreate();
    create(old);
    const next = structuredClone(old);
    next.spec.minAvailable = '50%';
    expect(poddisruptionbudget.validateUpdate!(next, old, ctx).map(fieldErrorMessage)).toEqual([]);
    const status = structuredClone(old);
    status.status.expectedPods = -2;
    expect(poddisruptionbudget.validateUpdate!(status, old, ctx).map(fieldErrorMessage)).toEqual([
      'status.expectedPods: Invalid value: -2: must be greater than or equal to 0',
    ]);
  });

  it('print NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE', () => {
    const now = new Date('2026-01-01T00:00:42Z');
    const obj = kubectlCreate();
    expect(poddisruptionbudgetTable.columns.map((c) => c.name)).toEqual(['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age']);
    expect(poddisruptionbudgetTable.cells(obj, now)).toEqual(['pdb1', '1', 'N/A', 3, '42s']);
    expect(poddisruptionbudgetTable.cells({ ...obj, spec: { maxUnavailable: '25%' } }, now).slice(1, 3)).toEqual(['N/A', '25%']);
  });
});

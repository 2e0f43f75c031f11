import { fieldErrorMessage } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { StrategyContext } from 'src/registry/generic/resource';
import { deployment } from 'src/registry/apps/deployment';

const ctx: StrategyContext = { namespace: 'default', now: new Date('2026-01-01T00:00:00Z') };

function create(obj: KubeObject): string[] {
  deployment.defaults!(obj, ctx);
  deployment.prepareForCreate!(obj, ctx);
  return deployment.validate!(obj, ctx).map(fieldErrorMessage);
}

function update(obj: KubeObject, old: KubeObject): string[] {
  deployment.defaults!(obj, ctx);
  obj.metadata.generation = old.metadata.generation;
  deployment.prepareForUpdate!(obj, old, ctx);
  return deployment.validateUpdate!(obj, old, ctx).map(fieldErrorMessage);
}

/** The body `kubectl create deployment web --image=nginx` sends. */
const kubectlCreate = (): KubeObject => ({
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } },
    strategy: {},
  },
  status: {},
});

describe('deployments: defaults', () => {
  it('stores `kubectl create deployment web --image=nginx` as a 1.35 cluster does', () => {
    const obj = kubectlCreate();
    expect(create(obj)).toEqual([]);
    expect(obj.spec).toEqual({
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              image: 'nginx',
              imagePullPolicy: 'Always',
              name: 'nginx',
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    });
    expect(obj.status).toEqual({});
  });

  it.each([
    [{}, { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } } }],
    [{ replicas: 0, strategy: { type: 'Recreate' } }, { replicas: 0, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'Recreate' } }],
    [
      { revisionHistoryLimit: 0, strategy: { rollingUpdate: { maxSurge: 1 } } },
      { replicas: 1, revisionHistoryLimit: 0, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } } },
    ],
  ])('defaults spec %j', (spec, expected) => {
    const obj: KubeObject = { metadata: { name: 'd' }, spec: structuredClone(spec) };
    deployment.defaults!(obj, ctx);
    const { template: _template, ...rest } = obj.spec;
    expect(rest).toEqual(expected);
  });
});

describe('deployments: validation', () => {
  it('requires a selector, and a nil selector matches no template', () => {
    const obj = kubectlCreate();
    delete obj.spec.selector;
    expect(create(obj)).toEqual(['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`']);
  });

  it('rejects an empty selector', () => {
    const obj = kubectlCreate();
    obj.spec.selector = {};
    expect(create(obj)).toEqual(['spec.selector: Invalid value: {}: empty selector is invalid for deployment']);
  });

  it('rejects a selector that does not match the template labels', () => {
    const obj = kubectlCreate();
    obj.spec.template.metadata.labels = { app: 'check-out' };
    expect(create(obj)).toEqual(['spec.template.metadata.labels: Invalid value: {"app":"check-out"}: `selector` does not match template `labels`']);
  });

  it.each([
    [{ replicas: -1 }, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    [{ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }, ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]],
    [{ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }, ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0']],
    [{ strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '110%' } } }, ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "110%": must not be greater than 100%']],
    [{ strategy: { type: 'Blue' } }, ['spec.strategy: Unsupported value: {"Type":"Blue","RollingUpdate":null}: supported values: "Recreate", "RollingUpdate"']],
    [{ progressDeadlineSeconds: 10, minReadySeconds: 10 }, ['spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds']],
  ])('rejects spec %j', (patch, expected) => {
    const obj = kubectlCreate();
    Object.assign(obj.spec, patch);
    expect(create(obj)).toEqual(expected);
  });

  it('validates the pod template', () => {
    const obj = kubectlCreate();
    obj.spec.template.spec.containers = [];
    obj.spec.template.spec.restartPolicy = 'Never';
    expect(create(obj)).toEqual([
      'spec.template.spec.containers: Required value',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });
});

describe('deployments: update', () => {
  const created = () => {
    const obj = kubectlCreate();
    create(obj);
    obj.metadata.generation = 1;
    return obj;
  };

  it('treats the selector as immutable', () => {
    const old = created();
    const next = structuredClone(old);
    next.spec.selector = { matchLabels: { app: 'web', tier: 'backend' } };
    next.spec.template.metadata.labels = { app: 'web', tier: 'backend' };
    expect(update(next, old)).toEqual(['spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"backend"}}: field is immutable']);
  });

  it('bumps the generation when only annotations change', () => {
    const old = created();
    const next = structuredClone(old);
    next.metadata.annotations = { 'kubernetes.io/change-cause': 'rollout' };
    expect(update(next, old)).toEqual([]);
    expect(next.metadata.generation).toBe(2);
  });
});

import { fieldErrorMessage } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { StrategyContext } from 'src/registry/generic/resource';
import { pod } from 'src/registry/core/pod';
import { computePodQOS } from 'src/registry/core/pod/qos';
import { tokenVolumeSource } from 'src/registry/core/pod/service-account';

const ctx: StrategyContext = { namespace: 'default', now: new Date('2026-01-02T03:04:05.678Z') };

/** Runs the hooks the generic store runs on create and returns the rendered validation messages. */
function create(obj: KubeObject): string[] {
  pod.defaults!(obj, ctx);
  pod.prepareForCreate!(obj, ctx);
  return pod.validate!(obj, ctx).map(fieldErrorMessage);
}

function update(obj: KubeObject, old: KubeObject): string[] {
  pod.defaults!(obj, ctx);
  obj.status = old.status;
  pod.prepareForUpdate!(obj, old, ctx);
  return pod.validateUpdate!(obj, old, ctx).map(fieldErrorMessage);
}

const run = (): KubeObject => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'web', namespace: 'default', labels: { run: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx', resources: {} }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
  status: {},
});

describe('pods: create', () => {
  it('stores `kubectl run web --image=nginx` as a 1.35 cluster does', () => {
    const obj = run();
    expect(create(obj)).toEqual([]);
    const volume = obj.spec.volumes?.[0]?.name;
    expect(volume).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(obj.spec).toEqual({
      containers: [
        {
          image: 'nginx',
          imagePullPolicy: 'Always',
          name: 'web',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          volumeMounts: [{ name: volume, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: [{ name: volume, projected: tokenVolumeSource() }],
    });
    expect(obj.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('keeps user tolerations that already cover the default taints', () => {
    const obj = run();
    obj.spec.tolerations = [{ operator: 'Exists' }];
    create(obj);
    expect(obj.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('gives system priority classes their value and gated pods a PodScheduled condition', () => {
    const obj = run();
    obj.spec.priorityClassName = 'system-node-critical';
    obj.spec.schedulingGates = [{ name: 'example.com/wait' }];
    create(obj);
    expect(obj.spec.priority).toBe(2000001000);
    expect(obj.status.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: '2026-01-02T03:04:05Z',
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
      },
    ]);
  });

  it.each([
    [{ spec: { containers: [] } }, ['spec.containers: Required value']],
    [{ spec: { containers: [{}] } }, ['spec.containers[0].name: Required value', 'spec.containers[0].image: Required value']],
    [
      { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] } },
      ['spec.containers[1].name: Duplicate value: "a"'],
    ],
    [{ spec: { restartPolicy: 'Sometimes', containers: [{ name: 'a', image: 'x' }] } }, ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
    [
      { spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000, protocol: 'HTTP' }] }] } },
      [
        'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      ],
    ],
    [
      { spec: { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] } },
      ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    ],
    [
      { spec: { containers: [{ name: 'a', image: 'x' }], volumes: [{ name: 'data', configMap: {}, secret: { secretName: 's' } }] } },
      // secret comes before configMap in upstream's checking order
      ['spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type'],
    ],
    [
      { spec: { containers: [{ name: 'a', image: ' x' }] } },
      ['spec.containers[0].image: Invalid value: " x": must not have leading or trailing whitespace'],
    ],
    [
      { spec: { containers: [{ name: 'a', image: 'x', livenessProbe: { successThreshold: 2, exec: { command: ['true'] } } }] } },
      ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
    ],
  ])('rejects %j with upstream messages', (spec, expected) => {
    const obj: KubeObject = { metadata: { name: 'p', namespace: 'default' }, ...structuredClone(spec) };
    expect(create(obj)).toEqual(expected);
  });
});

describe('pods: update', () => {
  const created = () => {
    const obj = run();
    create(obj);
    return obj;
  };

  it('allows image changes (as `kubectl set image` patches them) and keeps admission-set fields', () => {
    const old = created();
    const next = structuredClone(old);
    next.spec.containers[0].image = 'nginx:1.27';
    delete next.spec.priority;
    expect(update(next, old)).toEqual([]);
    expect(next.spec.priority).toBe(0);
  });

  it('forbids a replace whose re-defaulted spec differs (upstream does the same)', () => {
    const old = created();
    const next = run();
    next.spec.containers[0].image = 'nginx:1.27';
    expect(update(next, old)[0]).toMatch(/^spec: Forbidden: pod updates may not change fields other than/);
  });

  it('forbids other spec changes with the upstream message', () => {
    const old = created();
    const next = structuredClone(old);
    next.spec.containers[0].ports = [{ containerPort: 80 }];
    const errs = update(next, old);
    expect(errs).toHaveLength(1);
    expect(errs[0].startsWith(
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n',
    )).toBe(true);
  });

  it('forbids adding containers', () => {
    const old = created();
    const next = structuredClone(old);
    next.spec.containers.push({ name: 'b', image: 'busybox' });
    expect(update(next, old)).toContain('spec.containers: Forbidden: pod updates may not add or remove containers');
  });
});

describe('pods: QoS class', () => {
  const c = (resources: object) => ({ name: 'c', image: 'x', resources });
  it.each([
    [[c({})], 'BestEffort'],
    [[c({ requests: { cpu: '100m' } })], 'Burstable'],
    [[c({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } })], 'Guaranteed'],
    [[c({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } })], 'Burstable'],
    [[c({ limits: { cpu: '1', memory: '1Gi' } }), c({})], 'Burstable'],
    [[c({ requests: { 'nvidia.com/gpu': '1' } })], 'BestEffort'],
  ])('%j → %s', (containers, qos) => {
    expect(computePodQOS({ containers })).toBe(qos);
  });

  it('counts limits as requests after defaulting (a limits-only pod is Guaranteed)', () => {
    const obj: KubeObject = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [c({ limits: { cpu: '1', memory: '64Mi' } })] } };
    create(obj);
    expect(obj.status.qosClass).toBe('Guaranteed');
  });
});

describe('pods: field selectors and deletion', () => {
  it('exposes upstream selectable fields', () => {
    const obj = run();
    create(obj);
    obj.spec.nodeName = 'node-1';
    obj.status.podIPs = [{ ip: '10.0.0.7' }];
    const fields = Object.fromEntries(Object.entries(pod.selectableFields!).map(([k, get]) => [k, get(obj) ?? '']));
    expect(fields).toEqual({
      'spec.nodeName': 'node-1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'false',
      'status.phase': 'Pending',
      'status.podIP': '10.0.0.7',
      'status.nominatedNodeName': '',
    });
  });

  it('deletes unscheduled pods at once and scheduled ones after their grace period', () => {
    const obj = run();
    create(obj);
    expect(pod.gracePeriodSeconds!(obj, undefined)).toBe(0);
    obj.spec.nodeName = 'node-1';
    expect(pod.gracePeriodSeconds!(obj, undefined)).toBe(30);
    expect(pod.gracePeriodSeconds!(obj, 5)).toBe(5);
    expect(pod.gracePeriodSeconds!(obj, -3)).toBe(1);
  });
});

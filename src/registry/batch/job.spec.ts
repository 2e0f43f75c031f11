import { fieldErrorMessage } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import { prepareMetaForCreate } from 'src/registry/generic/object-meta';
import { register, type StrategyContext } from 'src/registry/generic/resource';
import { job } from 'src/registry/batch/job';
import { jobTable } from 'src/registry/batch/job.table';

const ctx: StrategyContext = { namespace: 'default', now: new Date('2026-01-01T00:00:00Z') };
const registered = register(job);
const UID = '0b1e6a3c-5d2f-4f0e-9a7b-1c2d3e4f5a6b';

/** The store's create path: defaults, server-owned metadata (uid), strategy, validation. */
function create(obj: KubeObject, uid = UID): string[] {
  job.defaults!(obj, ctx);
  prepareMetaForCreate(registered, obj, ctx.now);
  obj.metadata.uid = uid;
  job.prepareForCreate!(obj, ctx);
  return job.validate!(obj, ctx).map(fieldErrorMessage);
}

/** The store's update path: defaults, status restored, validation against the stored object. */
function update(obj: KubeObject, old: KubeObject): string[] {
  job.defaults!(obj, ctx);
  obj.status = old.status;
  return job.validateUpdate!(obj, old, ctx).map(fieldErrorMessage);
}

/** The body `kubectl create job j1 --image=busybox -- echo hi` sends. */
const kubectlCreate = (): KubeObject => ({
  kind: 'Job',
  apiVersion: 'batch/v1',
  metadata: { name: 'j1', namespace: 'default' },
  spec: {
    template: {
      metadata: {},
      spec: { containers: [{ name: 'j1', image: 'busybox', command: ['echo', 'hi'], resources: {} }], restartPolicy: 'Never' },
    },
  },
  status: {},
});

describe('jobs: selector generation', () => {
  it('labels the template with name and uid in both spellings and selects on the prefixed uid', () => {
    const obj = kubectlCreate();
    expect(create(obj)).toEqual([]);
    expect(obj.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': UID } });
    expect(obj.spec.template.metadata.labels).toEqual({
      'batch.kubernetes.io/controller-uid': UID,
      'batch.kubernetes.io/job-name': 'j1',
      'controller-uid': UID,
      'job-name': 'j1',
    });
    expect(Object.keys(obj.spec.template.metadata.labels)).toEqual([
      'batch.kubernetes.io/controller-uid',
      'batch.kubernetes.io/job-name',
      'controller-uid',
      'job-name',
    ]);
  });

  it('gives a job without labels its template labels, generated ones included', () => {
    const obj = kubectlCreate();
    obj.spec.template.metadata.labels = { app: 'batch' };
    create(obj);
    expect(obj.metadata.labels).toEqual({
      app: 'batch',
      'batch.kubernetes.io/controller-uid': UID,
      'batch.kubernetes.io/job-name': 'j1',
      'controller-uid': UID,
      'job-name': 'j1',
    });
    const labelled = kubectlCreate();
    labelled.metadata.labels = { team: 'a' };
    create(labelled);
    expect(labelled.metadata.labels).toEqual({ team: 'a' });
  });

  it('uses the uid the store assigned before prepareForCreate', () => {
    const obj = kubectlCreate();
    job.defaults!(obj, ctx);
    prepareMetaForCreate(registered, obj, ctx.now);
    job.prepareForCreate!(obj, ctx);
    expect(obj.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(obj.spec.selector.matchLabels['batch.kubernetes.io/controller-uid']).toBe(obj.metadata.uid);
    expect(obj.metadata.generation).toBe(1);
  });

  it('rejects a user label that contradicts the generated one', () => {
    const obj = kubectlCreate();
    obj.spec.template.metadata.labels = { 'controller-uid': 'other' };
    expect(create(obj)).toEqual([
      `spec.template.metadata.labels[controller-uid]: Invalid value: {"batch.kubernetes.io/controller-uid":"${UID}","batch.kubernetes.io/job-name":"j1","controller-uid":"other","job-name":"j1"}: must be '${UID}'`,
    ]);
  });

  it('rejects a selector that would not select the generated labels', () => {
    const obj = kubectlCreate();
    obj.spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': 'stale' } };
    obj.spec.template.metadata.labels = { 'batch.kubernetes.io/controller-uid': 'stale' };
    expect(create(obj)).toEqual([
      `spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Invalid value: {"batch.kubernetes.io/controller-uid":"stale","batch.kubernetes.io/job-name":"j1","controller-uid":"${UID}","job-name":"j1"}: must be '${UID}'`,
      'spec.selector: Invalid value: {"matchLabels":{"batch.kubernetes.io/controller-uid":"stale"}}: `selector` not auto-generated',
    ]);
  });

  it('leaves a manual selector alone', () => {
    const obj = kubectlCreate();
    obj.spec.manualSelector = true;
    obj.spec.selector = { matchLabels: { app: 'x' } };
    obj.spec.template.metadata.labels = { app: 'x' };
    expect(create(obj)).toEqual([]);
    expect(obj.spec.selector).toEqual({ matchLabels: { app: 'x' } });
    expect(obj.spec.template.metadata.labels).toEqual({ app: 'x' });
  });
});

describe('jobs: defaults', () => {
  it('stores `kubectl create job` as a 1.35 cluster does', () => {
    const obj = kubectlCreate();
    expect(create(obj)).toEqual([]);
    const { selector: _s, template, ...rest } = obj.spec;
    expect(rest).toEqual({
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      suspend: false,
    });
    expect(template.spec).toEqual({
      containers: [
        {
          command: ['echo', 'hi'],
          image: 'busybox',
          imagePullPolicy: 'Always',
          name: 'j1',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Never',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
    expect(obj.status).toEqual({});
  });

  it.each([
    [{ parallelism: 3 }, { parallelism: 3, backoffLimit: 6 }],
    [{ completions: 5 }, { completions: 5, parallelism: 1, backoffLimit: 6 }],
    [
      { completionMode: 'Indexed', completions: 4, backoffLimitPerIndex: 1 },
      { completions: 4, parallelism: 1, backoffLimit: 2147483647 },
    ],
  ])('defaults counts of %j', (spec, expected) => {
    const obj: KubeObject = { metadata: { name: 'j' }, spec: { ...spec, template: {} } };
    job.defaults!(obj, ctx);
    expect({ completions: obj.spec.completions, parallelism: obj.spec.parallelism, backoffLimit: obj.spec.backoffLimit }).toEqual({
      completions: undefined,
      ...expected,
    });
  });

  it('replaces only failed pods when a pod failure policy is set, and defaults pattern status', () => {
    const obj: KubeObject = {
      metadata: { name: 'j' },
      spec: { podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, template: {} },
    };
    job.defaults!(obj, ctx);
    expect(obj.spec.podReplacementPolicy).toBe('Failed');
    expect(obj.spec.podFailurePolicy.rules[0].onPodConditions).toEqual([{ type: 'DisruptionTarget', status: 'True' }]);
  });
});

describe('jobs: validation', () => {
  it('requires OnFailure or Never restarts, with upstream messages', () => {
    const always = kubectlCreate();
    delete always.spec.template.spec.restartPolicy;
    expect(create(always)).toEqual(['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
    const bogus = kubectlCreate();
    bogus.spec.template.spec.restartPolicy = 'Sometimes';
    expect(create(bogus)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"',
    ]);
  });

  it('checks counts, completion modes and indexed hostnames', () => {
    const obj = kubectlCreate();
    Object.assign(obj.spec, { parallelism: -1, backoffLimitPerIndex: 1, completionMode: 'Sometimes' });
    expect(create(obj)).toEqual([
      'spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      'spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"',
    ]);
    const indexed = kubectlCreate();
    Object.assign(indexed.spec, { completionMode: 'NonIndexed', maxFailedIndexes: 1 });
    expect(create(indexed)).toEqual([
      'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
      'spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode',
    ]);
    const long = kubectlCreate();
    long.metadata.name = 'a'.repeat(62);
    Object.assign(long.spec, { completionMode: 'Indexed', completions: 10 });
    expect(create(long)).toEqual([
      `metadata.name: Invalid value: "${'a'.repeat(62)}": will not able to create pod with invalid DNS label: ${'a'.repeat(62)}-9`,
    ]);
  });
});

describe('jobs: updates', () => {
  const stored = (): KubeObject => {
    const obj = kubectlCreate();
    create(obj);
    obj.metadata.resourceVersion = '5';
    return obj;
  };

  it('keeps the template, selector and completions immutable', () => {
    const old = stored();
    const next = structuredClone(old);
    next.spec.template.spec.containers[0].image = 'busybox:2';
    next.spec.completions = 2;
    next.spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': UID, extra: 'x' } };
    const errs = update(next, old);
    expect(errs).toContain('spec.completions: Invalid value: 2: field is immutable');
    expect(errs).toContain(`spec.selector: Invalid value: {"matchLabels":{"batch.kubernetes.io/controller-uid":"${UID}","extra":"x"}}: field is immutable`);
    expect(errs.some((e) => e.startsWith('spec.template: Invalid value: ') && e.endsWith(': field is immutable'))).toBe(true);
  });

  it('lets a suspended job that never started change its scheduling directives, not its containers', () => {
    const old = stored();
    old.spec.suspend = true;
    const next = structuredClone(old);
    next.spec.template.spec.nodeSelector = { zone: 'a' };
    next.spec.template.metadata.annotations = { note: 'x' };
    expect(update(next, old)).toEqual([]);
    const started = structuredClone(old);
    started.status = { startTime: '2026-01-01T00:00:00Z' };
    const moved = structuredClone(started);
    moved.spec.template.spec.nodeSelector = { zone: 'a' };
    expect(update(moved, started).some((e) => e.startsWith('spec.template: Invalid value'))).toBe(true);
  });

  it('lets suspend and parallelism change', () => {
    const old = stored();
    const next = structuredClone(old);
    next.spec.suspend = true;
    next.spec.parallelism = 4;
    expect(update(next, old)).toEqual([]);
  });
});

describe('jobs: printing and field selectors', () => {
  const now = new Date('2026-01-01T01:00:00Z');
  const printed = (status: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    jobTable.cells(
      {
        metadata: { name: 'j1', creationTimestamp: '2026-01-01T00:00:00Z', ...extra },
        spec: {
          completions: 1,
          parallelism: 1,
          selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } },
          template: { spec: { containers: [{ name: 'j1', image: 'busybox' }] } },
        },
        status,
      },
      now,
    );

  it('prints NAME STATUS COMPLETIONS DURATION AGE CONTAINERS IMAGES SELECTOR', () => {
    expect(jobTable.columns.map((c) => (c.priority ? `(${c.name})` : c.name))).toEqual([
      'Name',
      'Status',
      'Completions',
      'Duration',
      'Age',
      '(Containers)',
      '(Images)',
      '(Selector)',
    ]);
    expect(printed({})).toEqual(['j1', 'Running', '0/1', '', '60m', 'j1', 'busybox', 'batch.kubernetes.io/controller-uid=u']);
    expect(
      printed({
        succeeded: 1,
        startTime: '2026-01-01T00:00:00Z',
        completionTime: '2026-01-01T00:00:07Z',
        conditions: [{ type: 'Complete', status: 'True' }],
      }).slice(1, 4),
    ).toEqual(['Complete', '1/1', '7s']);
    expect(printed({ startTime: '2026-01-01T00:30:00Z', conditions: [{ type: 'Suspended', status: 'True' }] }).slice(1, 4)).toEqual([
      'Suspended',
      '0/1',
      '30m',
    ]);
    expect(printed({}, { deletionTimestamp: '2026-01-01T00:59:00Z' })[1]).toBe('Terminating');
  });

  it('prints work-queue completions and selects on status.successful', () => {
    const queue = { metadata: { name: 'q' }, spec: { parallelism: 3 }, status: { succeeded: 2 } };
    expect(jobTable.cells(queue, now)[2]).toBe('2/1 of 3');
    expect(job.selectableFields!['status.successful'](queue)).toBe('2');
  });
});

// `kubectl create job|cronjob|role|rolebinding|clusterrole|clusterrolebinding|ingress|pdb|priorityclass`
// (protobuf bodies, groups batch, rbac.authorization.k8s.io, networking.k8s.io, policy,
// scheduling.k8s.io): the stored object equals `--dry-run=client -o json` plus the server's
// defaults, and `get` prints it with the upstream columns.
import { deepMerge, getObject, ok, outcome, startCluster, type Cluster } from 'test/e2e/cli-harness';
import { cronJobDefaults, jobDefaults, serverSet } from 'test/e2e/create-defaults';

const NS = 'e2e-groups';
let c: Cluster;

beforeAll(async () => {
  c = await startCluster([NS]);
});

afterAll(async () => {
  await c?.stop();
});

async function stored(p: string): Promise<any> {
  const obj = await getObject(c.api, p);
  delete obj.metadata.managedFields;
  return obj;
}

/** --dry-run=client -o json, then the real create (output checked), then the stored object. */
async function createBoth(args: string[], printed: string, apiPath: string): Promise<{ dry: any; obj: any }> {
  // Flags go before `--`: what follows it is the container command.
  const dash = args.includes('--') ? args.indexOf('--') : args.length;
  const dryRun = await c.kubectl([...args.slice(0, dash), '--dry-run=client', '-o', 'json', ...args.slice(dash)]);
  const dry = JSON.parse(ok(dryRun));
  expect(outcome(await c.kubectl(args))).toEqual({ code: 0, stdout: `${printed}\n`, stderr: '' });
  return { dry, obj: await stored(apiPath) };
}

const ns = (group: string, plural: string, name: string) => `/apis/${group}/namespaces/${NS}/${plural}/${name}`;
const table = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => l.trimEnd().replace(/ {2,}/g, '  '));

describe('batch/v1', () => {
  test('create job', async () => {
    const { dry, obj } = await createBoth(
      ['create', 'job', 'once', '--image=busybox:1.36', '-n', NS, '--', 'echo', 'hi'],
      'job.batch/once created',
      ns('batch/v1', 'jobs', 'once'),
    );
    expect(obj).toEqual(jobDefaults(dry, obj));
  });

  test('create cronjob', async () => {
    const args = ['create', 'cronjob', 'nightly', '--image=busybox:1.36', '--schedule=0 3 * * *', '--restart=OnFailure', '-n', NS, '--', 'date'];
    const { dry, obj } = await createBoth(args, 'cronjob.batch/nightly created', ns('batch/v1', 'cronjobs', 'nightly'));
    expect(obj).toEqual(cronJobDefaults(dry, obj));
    expect(table(ok(await c.kubectl(['get', 'cj', '-n', NS])))[1]).toMatch(/^nightly {2}0 3 \* \* \* {2}<none> {2}False {2}0 {2}<none> {2}\S+$/);
  });

  test('create job --from=cronjob/<name> copies the job template', async () => {
    const res = await c.kubectl(['create', 'job', 'manual', '--from=cronjob/nightly', '-n', NS]);
    expect(outcome(res)).toEqual({ code: 0, stdout: 'job.batch/manual created\n', stderr: '' });
    const obj = await stored(ns('batch/v1', 'jobs', 'manual'));
    expect(obj.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(obj.metadata.ownerReferences?.[0]).toMatchObject({ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', controller: true });
    expect(obj.spec.template.spec.containers[0].command).toEqual(['date']);
  });
});

describe('rbac.authorization.k8s.io/v1', () => {
  test('create role, rolebinding', async () => {
    let r = await createBoth(
      ['create', 'role', 'reader', '--verb=get,list,watch', '--resource=pods,deployments.apps', '--resource-name=web', '-n', NS],
      'role.rbac.authorization.k8s.io/reader created',
      ns('rbac.authorization.k8s.io/v1', 'roles', 'reader'),
    );
    expect(r.obj).toEqual(deepMerge(r.dry, serverSet(r.obj)));
    r = await createBoth(
      ['create', 'rolebinding', 'reader-binding', '--role=reader', `--serviceaccount=${NS}:robot`, '--user=alice', '--group=devs', '-n', NS],
      'rolebinding.rbac.authorization.k8s.io/reader-binding created',
      ns('rbac.authorization.k8s.io/v1', 'rolebindings', 'reader-binding'),
    );
    expect(r.obj).toEqual(deepMerge(r.dry, serverSet(r.obj)));
    expect(table(ok(await c.kubectl(['get', 'rolebinding', '-n', NS, '-o', 'wide'])))).toEqual([
      'NAME  ROLE  AGE  USERS  GROUPS  SERVICEACCOUNTS',
      expect.stringMatching(new RegExp(`^reader-binding  Role/reader  \\S+  alice  devs  ${NS}/robot$`)),
    ]);
  });

  test('create clusterrole, clusterrolebinding', async () => {
    let r = await createBoth(
      ['create', 'clusterrole', 'health', '--verb=get', '--non-resource-url=/healthz', '--non-resource-url=/readyz'],
      'clusterrole.rbac.authorization.k8s.io/health created',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/health',
    );
    expect(r.obj).toEqual(deepMerge(r.dry, serverSet(r.obj)));
    r = await createBoth(
      ['create', 'clusterrole', 'deploy-admin', '--verb=*', '--resource=deployments.apps,deployments.apps/scale'],
      'clusterrole.rbac.authorization.k8s.io/deploy-admin created',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/deploy-admin',
    );
    expect(r.obj).toEqual(deepMerge(r.dry, serverSet(r.obj)));
    r = await createBoth(
      ['create', 'clusterrolebinding', 'health-all', '--clusterrole=health', '--group=system:authenticated'],
      'clusterrolebinding.rbac.authorization.k8s.io/health-all created',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/health-all',
    );
    expect(r.obj).toEqual(deepMerge(r.dry, serverSet(r.obj)));
  });
});

describe('networking.k8s.io/v1, policy/v1, scheduling.k8s.io/v1', () => {
  test('create ingress with rules, a TLS section, a class and an annotation', async () => {
    const args = [
      'create',
      'ingress',
      'shop',
      '--class=nginx',
      '--rule=shop.example.com/=shop:80',
      '--rule=shop.example.com/api*=api:8080,tls=shop-tls',
      '--annotation=nginx.ingress.kubernetes.io/rewrite-target=/',
      '-n',
      NS,
    ];
    const { dry, obj } = await createBoth(args, 'ingress.networking.k8s.io/shop created', ns('networking.k8s.io/v1', 'ingresses', 'shop'));
    expect(obj).toEqual(deepMerge(dry, serverSet(obj, true)));
    expect(table(ok(await c.kubectl(['get', 'ing', 'shop', '-n', NS])))).toEqual([
      'NAME  CLASS  HOSTS  ADDRESS  PORTS  AGE',
      expect.stringMatching(/^shop {2}nginx {2}shop\.example\.com {2}80, 443 {2}\S+$/),
    ]);
  });

  test('create pdb with a percentage (IntOrString) and with a number', async () => {
    for (const [name, flag] of [
      ['pdb-pct', '--min-available=50%'],
      ['pdb-num', '--max-unavailable=1'],
    ]) {
      const { dry, obj } = await createBoth(
        ['create', 'pdb', name, '--selector=app=shop', flag, '-n', NS],
        `poddisruptionbudget.policy/${name} created`,
        ns('policy/v1', 'poddisruptionbudgets', name),
      );
      expect(obj).toEqual(deepMerge(dry, serverSet(obj, true)));
    }
    expect((await stored(ns('policy/v1', 'poddisruptionbudgets', 'pdb-pct'))).spec.minAvailable).toBe('50%');
    expect((await stored(ns('policy/v1', 'poddisruptionbudgets', 'pdb-num'))).spec.maxUnavailable).toBe(1);
  });

  test('create priorityclass (preemptionPolicy defaults to PreemptLowerPriority)', async () => {
    let r = await createBoth(
      ['create', 'priorityclass', 'high', '--value=100000', '--description=important workloads'],
      'priorityclass.scheduling.k8s.io/high created',
      '/apis/scheduling.k8s.io/v1/priorityclasses/high',
    );
    expect(r.obj).toEqual(deepMerge(deepMerge(r.dry, serverSet(r.obj)), { preemptionPolicy: 'PreemptLowerPriority' }));
    r = await createBoth(
      ['create', 'priorityclass', 'batch-low', '--value=-10', '--preemption-policy=Never'],
      'priorityclass.scheduling.k8s.io/batch-low created',
      '/apis/scheduling.k8s.io/v1/priorityclasses/batch-low',
    );
    expect(r.obj).toEqual(deepMerge(r.dry, serverSet(r.obj)));
    const rows = table(ok(await c.kubectl(['get', 'pc', 'high'])));
    expect(rows[0]).toMatch(/^NAME {2}VALUE {2}GLOBAL-DEFAULT {2}AGE\b/);
    expect(rows[1]).toMatch(/^high {2}100000 {2}false {2}\S+/);
  });
});

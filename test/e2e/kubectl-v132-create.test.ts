// Every typed `kubectl create <kind>` subcommand of kubectl v1.32 (/usr/bin/kubectl), which sends
// protobuf bodies exactly as v1.35 does (protobuf issue): each must succeed, and the stored object
// must hold what the client's own `--dry-run=client -o json` rendering holds.
import * as fs from 'node:fs';
import { KUBECTL_132, getObject, ok, startCluster, type Cluster } from 'test/e2e/cli-harness';

const NS = 'e2e-v132-create';

// Skipped where the machine has no /usr/bin/kubectl: v1.32 is not a project dependency.
const describe132 = fs.existsSync(KUBECTL_132) ? describe : describe.skip;

/**
 * [subcommand args, API path of the created object, fields to compare with the dry-run rendering]
 * (fields the server does not default; e.g. a generic Secret's `type` is Opaque only server-side).
 */
const CASES: [string[], string, string[]][] = [
  [['configmap', 'cm', '--from-literal=a=b'], `/api/v1/namespaces/${NS}/configmaps/cm`, ['data']],
  [['secret', 'generic', 'sg', '--from-literal=a=b'], `/api/v1/namespaces/${NS}/secrets/sg`, ['data']],
  [['secret', 'docker-registry', 'sd', '--docker-server=r.example', '--docker-username=u', '--docker-password=p'], `/api/v1/namespaces/${NS}/secrets/sd`, ['data', 'type']],
  [['serviceaccount', 'sa'], `/api/v1/namespaces/${NS}/serviceaccounts/sa`, []],
  [['deployment', 'd0', '--image=nginx', '--replicas=0', '--port=80'], `/apis/apps/v1/namespaces/${NS}/deployments/d0`, ['spec.replicas', 'spec.selector']],
  [['job', 'j1', '--image=busybox', '--', 'echo', 'hi'], `/apis/batch/v1/namespaces/${NS}/jobs/j1`, ['spec.template.spec.containers.0.command', 'spec.template.spec.restartPolicy']],
  [['cronjob', 'cj', '--image=busybox', '--schedule=*/1 * * * *'], `/apis/batch/v1/namespaces/${NS}/cronjobs/cj`, ['spec.schedule']],
  [['service', 'clusterip', 'svc', '--tcp=80:8080'], `/api/v1/namespaces/${NS}/services/svc`, ['spec.ports', 'spec.selector']],
  [['service', 'nodeport', 'np', '--tcp=80:8080'], `/api/v1/namespaces/${NS}/services/np`, ['spec.type']],
  [['quota', 'q', '--hard=pods=10'], `/api/v1/namespaces/${NS}/resourcequotas/q`, ['spec.hard']],
  [['role', 'r', '--verb=get', '--resource=pods'], `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles/r`, ['rules']],
  [['rolebinding', 'rb', '--role=r', `--serviceaccount=${NS}:sa`], `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings/rb`, ['roleRef', 'subjects']],
  [['ingress', 'ing', '--rule=foo.example/bar=svc:8080'], `/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses/ing`, ['spec.rules']],
  [['pdb', 'pdb', '--selector=app=x', '--min-available=1'], `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets/pdb`, ['spec.minAvailable', 'spec.selector']],
];

function pick(obj: any, dotted: string): unknown {
  return dotted.split('.').reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), obj);
}

describe132('kubectl v1.32 create subcommands (protobuf bodies)', () => {
  let c: Cluster;
  const k = (...args: string[]) => c.kubectl(args, { bin: KUBECTL_132 });

  beforeAll(async () => {
    c = await startCluster([NS]);
  });

  afterAll(async () => {
    await c?.stop();
  });

  test.each(CASES)('create %j', async (args, apiPath, fields) => {
    // Flags go before the subcommand's own arguments: anything after `--` is the job's command.
    const dry = JSON.parse(ok(await k('create', '-n', NS, '--dry-run=client', '-o', 'json', ...args)));
    const out = ok(await k('create', '-n', NS, ...args));
    expect(out).toMatch(/ created\n$/);
    const stored = await getObject(c.api, apiPath);
    expect(stored.metadata.name).toBe(dry.metadata.name);
    for (const f of fields) {
      expect([f, pick(stored, f)]).toEqual([f, pick(dry, f)]);
    }
  });

  test('create job --from=cronjob, token, auth can-i and whoami', async () => {
    expect(ok(await k('create', 'job', 'from-cj', '--from=cronjob/cj', '-n', NS))).toBe('job.batch/from-cj created\n');
    const job = await getObject(c.api, `/apis/batch/v1/namespaces/${NS}/jobs/from-cj`);
    expect(job.metadata.annotations['cronjob.kubernetes.io/instantiate']).toBe('manual');
    expect(ok(await k('create', 'token', 'sa', '-n', NS))).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(ok(await k('auth', 'can-i', 'create', 'pods', '-n', NS))).toBe('yes\n');
    expect(ok(await k('auth', 'whoami'))).toMatch(/^ATTRIBUTE\s+VALUE\nUsername\s+kubepg-admin\n/);
  });

  test('cluster-scoped: clusterrole, clusterrolebinding, priorityclass, namespace', async () => {
    expect(ok(await k('create', 'clusterrole', 'cr132', '--verb=get', '--resource=nodes'))).toBe('clusterrole.rbac.authorization.k8s.io/cr132 created\n');
    expect(ok(await k('create', 'clusterrolebinding', 'crb132', '--clusterrole=cr132', '--user=u1'))).toBe(
      'clusterrolebinding.rbac.authorization.k8s.io/crb132 created\n',
    );
    expect(ok(await k('create', 'priorityclass', 'pc132', '--value=1000'))).toBe('priorityclass.scheduling.k8s.io/pc132 created\n');
    expect(ok(await k('create', 'namespace', 'ns132'))).toBe('namespace/ns132 created\n');
    expect((await getObject(c.api, '/apis/scheduling.k8s.io/v1/priorityclasses/pc132')).value).toBe(1000);
  });
});

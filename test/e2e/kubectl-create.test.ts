// `kubectl create <kind>` for the core and apps kinds (protobuf request bodies), `run`, `expose`
// and `create token`: each stored object must equal what `--dry-run=client -o json` prints plus
// what kube-apiserver adds (create-defaults.ts).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectStatus } from 'test/support/apiserver';
import { FIXTURES, deepMerge, getObject, ok, outcome, startCluster, type Cluster } from 'test/e2e/cli-harness';
import { deploymentDefaults, podDefaults, serverSet, serviceDefaults } from 'test/e2e/create-defaults';

const NS = 'e2e-create';
let c: Cluster;

beforeAll(async () => {
  c = await startCluster([NS]);
  // Every real namespace has its "default" ServiceAccount (a controller creates it); pods need it.
  expectStatus(await c.api.post(`/api/v1/namespaces/${NS}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } }), 201);
});

afterAll(async () => {
  await c?.stop();
});

/** The stored object through the API, without managedFields (kubectl hides them too). */
async function stored(p: string): Promise<any> {
  const obj = await getObject(c.api, p);
  delete obj.metadata.managedFields;
  return obj;
}

/**
 * Runs `kubectl <verb> ...args` with --dry-run=client -o json, then for real; checks the real run's
 * output and returns the dry-run object and the stored one.
 */
async function createBoth(verbArgs: string[], printed: string, apiPath: string): Promise<{ dry: any; obj: any }> {
  const dry = JSON.parse(ok(await c.kubectl([...verbArgs, '--dry-run=client', '-o', 'json'])));
  expect(outcome(await c.kubectl(verbArgs))).toEqual({ code: 0, stdout: `${printed}\n`, stderr: '' });
  return { dry, obj: await stored(apiPath) };
}

const core = (plural: string, name: string) => `/api/v1/namespaces/${NS}/${plural}/${name}`;

describe('create (protobuf bodies) stores what --dry-run=client prints plus the server defaults', () => {
  test('create deployment', async () => {
    const args = ['create', 'deployment', 'shop', '--image=nginx:1.27', '--replicas=3', '--port=8080', '-n', NS];
    const { dry, obj } = await createBoth(args, 'deployment.apps/shop created', `/apis/apps/v1/namespaces/${NS}/deployments/shop`);
    expect(obj).toEqual(deploymentDefaults(dry, obj));
  });

  test('create deployment --replicas=0 keeps the explicit zero (a pointer field on the wire)', async () => {
    const args = ['create', 'deployment', 'idle', '--image=nginx', '--replicas=0', '-n', NS];
    const { dry, obj } = await createBoth(args, 'deployment.apps/idle created', `/apis/apps/v1/namespaces/${NS}/deployments/idle`);
    expect(dry.spec.replicas).toBe(0);
    expect(obj).toEqual(deploymentDefaults(dry, obj));
  });

  test('create configmap from literals, an env file and a binary file (binaryData)', async () => {
    const envFile = path.join(c.tmp, 'settings.env');
    fs.writeFileSync(envFile, '# comment\nMODE=fast\nGREETING=hello world\n');
    const binFile = path.join(c.tmp, 'blob.bin');
    fs.writeFileSync(binFile, Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80, 0x0a]));
    for (const [name, extra] of [
      ['cm-literal', ['--from-literal=a=b', '--from-literal=empty=']],
      ['cm-env', [`--from-env-file=${envFile}`]],
      ['cm-files', [`--from-file=${binFile}`, `--from-file=renamed.env=${envFile}`]],
    ] as const) {
      const { dry, obj } = await createBoth(['create', 'configmap', name, ...extra, '-n', NS], `configmap/${name} created`, core('configmaps', name));
      expect(obj).toEqual(deepMerge(dry, serverSet(obj)));
    }
    expect((await stored(core('configmaps', 'cm-files'))).binaryData).toEqual({ 'blob.bin': 'AAEC/v+ACg==' });
  });

  test('create secret generic (type defaults to Opaque), tls and docker-registry', async () => {
    const keyFile = path.join(c.tmp, 'tls.key');
    const certFile = path.join(c.tmp, 'tls.crt');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=shop.example.com'],
      { stdio: 'ignore' },
    );
    const cases: [string, string[], Record<string, unknown>][] = [
      ['generic-secret', ['generic', 'generic-secret', '--from-literal=password=s3cr3t', `--from-file=blob=${certFile}`], { type: 'Opaque' }],
      ['typed-secret', ['generic', 'typed-secret', '--from-literal=k=v', '--type=example.com/custom'], {}],
      ['tls-secret', ['tls', 'tls-secret', `--cert=${certFile}`, `--key=${keyFile}`], {}],
      [
        'pull-secret',
        [
          'docker-registry',
          'pull-secret',
          '--docker-server=registry.example.com',
          '--docker-username=robot',
          '--docker-password=pw',
          '--docker-email=robot@example.com',
        ],
        {},
      ],
    ];
    for (const [name, args, defaults] of cases) {
      const { dry, obj } = await createBoth(['create', 'secret', ...args, '-n', NS], `secret/${name} created`, core('secrets', name));
      expect(obj).toEqual(deepMerge(deepMerge(dry, serverSet(obj)), defaults));
    }
    const tls = await stored(core('secrets', 'tls-secret'));
    expect(tls.type).toBe('kubernetes.io/tls');
    expect(Buffer.from(tls.data['tls.crt'], 'base64').toString()).toBe(fs.readFileSync(certFile, 'utf8'));
  });

  // The expected objects carry an allocated cluster IP and node ports.
  test('create service clusterip and nodeport --tcp', async () => {
    for (const [type, name, extra] of [
      ['clusterip', 'svc-cip', ['--tcp=80:8080', '--tcp=443:8443']],
      ['nodeport', 'svc-np', ['--tcp=8080:80']],
      ['nodeport', 'svc-np-fixed', ['--tcp=80:8080', '--node-port=30080']],
    ] as const) {
      const { dry, obj } = await createBoth(['create', 'service', type, name, ...extra, '-n', NS], `service/${name} created`, core('services', name));
      expect(obj).toEqual(serviceDefaults(dry, obj));
    }
  });

  test('create namespace, serviceaccount, quota', async () => {
    let r = await createBoth(['create', 'namespace', 'made-by-kubectl'], 'namespace/made-by-kubectl created', '/api/v1/namespaces/made-by-kubectl');
    expect(r.obj).toEqual(
      deepMerge(deepMerge(r.dry, serverSet(r.obj)), {
        metadata: { labels: { 'kubernetes.io/metadata.name': 'made-by-kubectl' } },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      }),
    );
    r = await createBoth(['create', 'serviceaccount', 'robot', '-n', NS], 'serviceaccount/robot created', core('serviceaccounts', 'robot'));
    expect(r.obj).toEqual(deepMerge(r.dry, serverSet(r.obj)));
    r = await createBoth(
      ['create', 'quota', 'limits', '--hard=pods=10,requests.cpu=2,requests.memory=1Gi', '--scopes=NotTerminating', '-n', NS],
      'resourcequota/limits created',
      core('resourcequotas', 'limits'),
    );
    expect(r.obj).toEqual(deepMerge(r.dry, serverSet(r.obj)));
  });
});

test('create -f: empty lists and maps in omitempty fields are not stored (Go decoding + omitempty)', async () => {
  expect(ok(await c.kubectl(['create', '-f', path.join(FIXTURES, 'empty-fields.yaml'), '-n', NS]))).toBe('pod/empties created\n');
  const obj = await stored(core('pods', 'empties'));
  expect(Object.keys(obj.metadata).sort()).toEqual(['creationTimestamp', 'generation', 'name', 'namespace', 'resourceVersion', 'uid']);
  const { spec } = obj;
  expect([spec.volumes, spec.nodeSelector, spec.imagePullSecrets, spec.securityContext]).toEqual([undefined, undefined, undefined, {}]);
  expect(Object.keys(spec.containers[0]).sort()).toEqual([
    'image',
    'imagePullPolicy',
    'name',
    'resources',
    'terminationMessagePath',
    'terminationMessagePolicy',
  ]);
});

describe('run, expose', () => {
  test('run stores the pod with defaults and admission (priority, tolerations, service account)', async () => {
    const { dry, obj } = await createBoth(
      ['run', 'runner', '--image=nginx:1.27', '--port=80', '--labels=app=runner,tier=web', '-n', NS],
      'pod/runner created',
      core('pods', 'runner'),
    );
    const { volumes: _volumes, ...spec } = obj.spec;
    const containers = spec.containers.map(({ volumeMounts: _mounts, ...ct }: any) => ct);
    expect({ ...obj, spec: { ...spec, containers } }).toEqual(podDefaults(dry, obj, 'BestEffort'));
  });

  test('run: the ServiceAccount admission plugin mounts the API access volume', async () => {
    const obj = await stored(core('pods', 'runner'));
    const volume = obj.spec.volumes?.[0];
    expect(volume?.name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(obj.spec.volumes).toEqual([
      {
        name: volume?.name,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ]);
    expect(obj.spec.containers[0].volumeMounts).toEqual([{ name: volume?.name, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }]);
  });

  test('expose deployment copies the selector and ports into a new Service', async () => {
    const args = ['expose', 'deployment', 'shop', '--port=80', '--target-port=8080', '--name=shop-web', '-n', NS];
    const { dry, obj } = await createBoth(args, 'service/shop-web exposed', core('services', 'shop-web'));
    expect(dry.spec.selector).toEqual({ app: 'shop' });
    expect(obj).toEqual(serviceDefaults(dry, obj));
  });
});

describe('create token', () => {
  test('prints a JWT that authenticates kubectl --token as the service account', async () => {
    const res = await c.kubectl(['create', 'token', 'robot', '-n', NS, '--duration=10m']);
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    const token = res.stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims.sub).toBe(`system:serviceaccount:${NS}:robot`);
    expect(claims.exp - claims.iat).toBe(600);

    const whoami = await c.kubectl(['--token', token, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
    expect(outcome(whoami)).toEqual({ code: 0, stdout: `system:serviceaccount:${NS}:robot`, stderr: '' });
    expect(ok(await c.kubectl(['--token', token, 'get', 'sa', 'robot', '-n', NS, '-o', 'name']))).toBe('serviceaccount/robot\n');
  });

  test('a bad token is Unauthorized; a token for a missing service account is NotFound', async () => {
    expect(outcome(await c.kubectl(['--token', 'not-a-token', 'auth', 'whoami']))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: You must be logged in to the server (Unauthorized)\n',
    });
    expect(outcome(await c.kubectl(['create', 'token', 'nobody', '-n', NS]))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: failed to create token: serviceaccounts "nobody" not found\n',
    });
  });
});

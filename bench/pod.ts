import { expectStatus, type RequestSender } from 'bench/http-client';

/** Size of a create request body: the "~1 KB Pod" of the issue. */
export const POD_BODY_BYTES = 1024;

/** Distinct values of the `shard` label: a selector on one shard matches 1 pod in SHARDS. */
export const SHARDS = 1000;

/**
 * A Pod manifest of exactly POD_BODY_BYTES of JSON, shaped like a small real workload (labels,
 * one container with env, ports, resources). Pod `index` carries label `shard=s<index % SHARDS>`.
 */
export function podBody(namespace: string, name: string, index: number): string {
  const pod = (pad: string): unknown => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: { app: 'bench', tier: 'backend', shard: `s${index % SHARDS}` },
      annotations: { 'bench.kubepg.io/padding': pad },
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example.com/bench/app:1.0.0',
          args: ['--listen=:8080', '--log-level=info'],
          env: [
            { name: 'MODE', value: 'bench' },
            { name: 'POD_INDEX', value: String(index) },
          ],
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 5,
    },
  });
  const bare = JSON.stringify(pod('')).length;
  return JSON.stringify(pod('x'.repeat(Math.max(0, POD_BODY_BYTES - bare))));
}

/** Collection path of pods in a namespace. */
export function podsPath(namespace: string): string {
  return `/api/v1/namespaces/${namespace}/pods`;
}

/** Creates a namespace (AlreadyExists is fine). */
export async function ensureNamespace(client: RequestSender, name: string): Promise<void> {
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const ans = await client.request('POST', '/api/v1/namespaces', { body });
  expectStatus('POST', '/api/v1/namespaces', ans, [201, 409]);
}

/** Creates one pod; throws with the exact request and answer unless it is 201. */
export async function createPod(client: RequestSender, namespace: string, name: string, index: number): Promise<string> {
  const path = podsPath(namespace);
  const ans = await client.request('POST', path, { body: podBody(namespace, name, index) });
  return expectStatus('POST', `${path} (pod ${name})`, ans, [201]).text;
}

/**
 * Deletes every pod of a namespace with gracePeriodSeconds=0 from `clients` concurrent clients
 * (the names come from one paginated walk); returns how many were deleted.
 */
export async function deleteAllPods(client: RequestSender, namespace: string, clients: number): Promise<number> {
  const names: string[] = [];
  let cont: string | undefined;
  do {
    const path = `${podsPath(namespace)}?limit=5000${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
    const page = JSON.parse(expectStatus('GET', path, await client.request('GET', path), [200]).text) as { items: { metadata: { name: string } }[]; metadata: { continue?: string } };
    names.push(...page.items.map((p) => p.metadata.name));
    cont = page.metadata.continue || undefined;
  } while (cont);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const path = `${podsPath(namespace)}/${names[next++]}?gracePeriodSeconds=0`;
      expectStatus('DELETE', path, await client.request('DELETE', path), [200, 404]);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return names.length;
}

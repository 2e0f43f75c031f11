import { generateOpenApi, type OpenApiDocuments } from 'src/apiserver/openapi/generate';
import { createRegistry } from 'src/registry/index';
import { documentText, readCommittedV2, readCommittedV3, V2_FILE, v3FileName } from 'src/schema/openapi-files';
import { readComponents } from 'src/schema/openapi-reader';
import { readModels } from 'src/schema/model-reader';

const registry = createRegistry();
const docs: OpenApiDocuments = generateOpenApi(registry.resources);

describe('committed OpenAPI documents', () => {
  it('match the generator (run npm run openapi to regenerate)', () => {
    const committed = readCommittedV3();
    const stale: string[] = [];
    for (const [key, doc] of docs.v3) {
      if (committed.get(key) !== documentText(doc)) {
        stale.push(v3FileName(key));
      }
    }
    for (const key of committed.keys()) {
      if (!docs.v3.has(key)) {
        stale.push(`${v3FileName(key)} (no longer served)`);
      }
    }
    if (readCommittedV2() !== documentText(docs.v2)) {
      stale.push(V2_FILE);
    }
    if (stale.length) {
      throw new Error(`openapi/ is out of date: ${stale.join(', ')} differ from the generator; run npm run openapi to regenerate`);
    }
  });
});

describe('generateOpenApi', () => {
  it('writes one v3 document per served group-version', () => {
    const served = registry.groupVersions().map(({ group, version }) => (group ? `apis/${group}/${version}` : `api/${version}`));
    expect([...docs.v3.keys()].sort()).toEqual([...served].sort());
  });

  it('gives every served resource a PATCH tagged with its group-version-kind and fieldValidation (what kubectl looks for)', () => {
    for (const r of registry.resources.filter((x) => (x.verbs ?? ['patch']).includes('patch'))) {
      const doc = docs.v3.get(r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`)!;
      const path = `/${r.group ? `apis/${r.group}` : 'api'}/${r.version}/${r.namespaced ? 'namespaces/{namespace}/' : ''}${r.plural}/{name}`;
      const patch = doc.paths[path]?.patch as Record<string, any> | undefined;
      expect({ path, gvk: patch?.['x-kubernetes-group-version-kind'], action: patch?.['x-kubernetes-action'] }).toEqual({
        path,
        gvk: { group: r.group, kind: r.kind, version: r.version },
        action: 'patch',
      });
      expect(patch!.parameters.map((p: { name: string }) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force']);
    }
  });

  it('tags each kind schema with x-kubernetes-group-version-kind (what kubectl explain looks for)', () => {
    const apps = docs.v3.get('apis/apps/v1')!;
    expect(apps.components!.schemas!['io.k8s.api.apps.v1.Deployment']).toMatchObject({
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'Deployment', version: 'v1' }],
    });
    expect(apps.components!.schemas!['io.k8s.api.apps.v1.DeploymentList']).toMatchObject({
      'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'DeploymentList', version: 'v1' }],
    });
  });

  it('names operations like kube-apiserver', () => {
    const apps = docs.v3.get('apis/apps/v1')!.paths;
    expect(apps['/apis/apps/v1/namespaces/{namespace}/deployments']?.get?.operationId).toBe('listAppsV1NamespacedDeployment');
    expect(apps['/apis/apps/v1/namespaces/{namespace}/deployments']?.post?.operationId).toBe('createAppsV1NamespacedDeployment');
    expect(apps['/apis/apps/v1/namespaces/{namespace}/deployments']?.delete?.operationId).toBe('deleteAppsV1CollectionNamespacedDeployment');
    expect(apps['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status']?.put?.operationId).toBe('replaceAppsV1NamespacedDeploymentStatus');
    expect(apps['/apis/apps/v1/deployments']?.get?.operationId).toBe('listAppsV1DeploymentForAllNamespaces');
    expect(apps['/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}']?.get?.operationId).toBe('watchAppsV1NamespacedDeployment');
    const core = docs.v3.get('api/v1')!.paths;
    expect(core['/api/v1/namespaces/{name}']?.get?.operationId).toBe('readCoreV1Namespace');
    expect(core['/api/v1/namespaces/{namespace}/pods/{name}/exec']?.get).toMatchObject({
      operationId: 'connectCoreV1GetNamespacedPodExec',
      'x-kubernetes-action': 'connect',
      'x-kubernetes-group-version-kind': { group: '', kind: 'PodExecOptions', version: 'v1' },
    });
    expect(core['/api/v1/namespaces/{namespace}/pods/{name}/eviction']?.post).toMatchObject({
      operationId: 'createCoreV1NamespacedPodEviction',
      'x-kubernetes-group-version-kind': { group: 'policy', kind: 'Eviction', version: 'v1' },
    });
  });

  it('carries the patch and list metadata on the fields', () => {
    const schemas = docs.v3.get('api/v1')!.components!.schemas! as Record<string, any>;
    expect(schemas['io.k8s.api.core.v1.PodSpec'].properties.containers).toMatchObject({
      type: 'array',
      items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }] },
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toEqual({
      description: expect.any(String),
      format: 'int-or-string',
      oneOf: [{ type: 'integer' }, { type: 'string' }],
      'x-kubernetes-int-or-string': true,
    });
    expect((docs.v2 as Record<string, any>).definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      type: 'string',
      format: 'int-or-string',
    });
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schemas['io.k8s.apimachinery.pkg.runtime.RawExtension']).toMatchObject({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(schemas['io.k8s.apimachinery.pkg.api.resource.Quantity'].oneOf).toEqual([{ type: 'string' }, { type: 'number' }]);
  });

  it('writes a Swagger 2.0 document with the same definitions and every path', () => {
    const v2 = docs.v2 as Record<string, any>;
    expect(v2.swagger).toBe('2.0');
    expect(v2.definitions['io.k8s.api.core.v1.PodSpec'].properties.containers.items).toEqual({ $ref: '#/definitions/io.k8s.api.core.v1.Container' });
    const v3Paths = [...docs.v3.values()].flatMap((d) => Object.keys(d.paths));
    expect(Object.keys(v2.paths).sort()).toEqual(v3Paths.sort());
    const patch = v2.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch.consumes).toContain('application/strategic-merge-patch+json');
    expect(patch.parameters[0]).toMatchObject({ name: 'body', in: 'body', required: true });
  });

  it('reads back into the TypeNodes it was generated from', () => {
    const models = readModels(registry.resources.flatMap((r) => (r.subresources ?? []).flatMap((s) => (s.kind ? [s.kind] : []))));
    for (const doc of docs.v3.values()) {
      const { definitions } = readComponents(doc as never);
      for (const [name, node] of definitions) {
        expect({ name, node }).toEqual({ name, node: models.definitions.get(name) });
      }
    }
  });
});

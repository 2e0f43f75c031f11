import { buildOpenApiV2, buildOpenApiV3 } from 'src/apiserver/openapi/openapi-v3';
import { createRegistry } from 'src/registry/index';
import { Registry } from 'src/registry/registry';
import { readCommittedV3 } from 'src/schema/openapi-files';

describe('buildOpenApiV3', () => {
  const registry = createRegistry();
  const served = buildOpenApiV3(registry);

  it('indexes every served group-version with a hash-qualified serverRelativeURL', () => {
    for (const { group, version } of registry.groupVersions()) {
      const key = group ? `apis/${group}/${version}` : `api/${version}`;
      const doc = served.byGroupVersion.get(key)!;
      expect(doc.hash).toMatch(/^[0-9A-F]{16}$/);
      expect(served.root.paths[key]).toEqual({ serverRelativeURL: `/openapi/v3/${key}?hash=${doc.hash}` });
    }
  });

  it('serves the committed document, compacted, with a hash that only changes with the document', () => {
    const apps = served.byGroupVersion.get('apis/apps/v1')!;
    expect(JSON.parse(apps.json)).toEqual(JSON.parse(readCommittedV3().get('apis/apps/v1')!));
    expect(apps.json).not.toContain('\n');
    expect(buildOpenApiV3(registry).byGroupVersion.get('apis/apps/v1')!.hash).toBe(apps.hash);
    expect(served.byGroupVersion.get('api/v1')!.hash).not.toBe(apps.hash);
  });

  it('fails loudly for a group-version with no committed document', () => {
    const extra = new Registry([{ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', singular: 'widget', namespaced: true }]);
    expect(() => buildOpenApiV3(extra)).toThrow(/no committed OpenAPI document for apis\/example.com\/v1.*npm run openapi/);
    expect(() => buildOpenApiV2(extra)).toThrow(/npm run openapi/);
  });
});

describe('buildOpenApiV2', () => {
  it('serves the committed Swagger 2.0 document', () => {
    const doc = JSON.parse(buildOpenApiV2(createRegistry()));
    expect(doc.swagger).toBe('2.0');
    expect(doc.definitions['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  });
});

import { parseRequestInfo } from 'src/apiserver/request-info';

describe(parseRequestInfo.name, () => {
  const cases: [string, string, Record<string, string>, object][] = [
    ['GET', '/api/v1/namespaces/default/pods', {}, { verb: 'list', group: '', version: 'v1', resource: 'pods', namespace: 'default', name: undefined }],
    ['GET', '/api/v1/namespaces/default/pods/web', {}, { verb: 'get', resource: 'pods', namespace: 'default', name: 'web' }],
    ['GET', '/api/v1/namespaces/default/pods', { watch: 'true' }, { verb: 'watch', resource: 'pods', namespace: 'default' }],
    ['GET', '/api/v1/namespaces/default/pods', { watch: '1' }, { verb: 'watch' }],
    ['GET', '/api/v1/namespaces/default/pods', { watch: 'false' }, { verb: 'list' }],
    ['GET', '/api/v1/watch/namespaces/default/configmaps', {}, { verb: 'watch', resource: 'configmaps', namespace: 'default', legacyWatch: true }],
    ['GET', '/api/v1/namespaces/kube-system', {}, { verb: 'get', resource: 'namespaces', name: 'kube-system' }],
    ['PUT', '/api/v1/namespaces/x/finalize', {}, { verb: 'update', resource: 'namespaces', name: 'x', subresource: 'finalize' }],
    ['PUT', '/api/v1/namespaces/x/status', {}, { verb: 'update', resource: 'namespaces', name: 'x', subresource: 'status' }],
    ['GET', '/api/v1/namespaces', {}, { verb: 'list', resource: 'namespaces', namespace: undefined }],
    ['POST', '/apis/apps/v1/namespaces/default/deployments', {}, { verb: 'create', group: 'apps', resource: 'deployments' }],
    ['PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', {}, { verb: 'patch', name: 'web', subresource: 'scale' }],
    ['DELETE', '/api/v1/namespaces/default/configmaps', {}, { verb: 'deletecollection', resource: 'configmaps' }],
    ['DELETE', '/api/v1/nodes/n1', {}, { verb: 'delete', resource: 'nodes', name: 'n1' }],
    ['GET', '/api/v1/pods', {}, { verb: 'list', resource: 'pods', namespace: undefined }],
  ];
  it.each(cases)('%s %s %j', (method, path, query, expected) => {
    expect(parseRequestInfo(method, path, query)).toMatchObject({ isResourceRequest: true, ...expected });
  });

  it.each(['/api', '/apis', '/api/v1', '/apis/apps', '/apis/apps/v1', '/version', '/healthz', '/openapi/v3'])('%s is not a resource request', (path) => {
    expect(parseRequestInfo('GET', path, {}).isResourceRequest).toBe(false);
  });
});

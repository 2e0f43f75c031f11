import { negotiateDiscovery, parseAccept } from 'src/apiserver/discovery/negotiation';
import { StatusError } from 'src/apiserver/status';

// Exact Accept strings recorded from kubectl 1.32/1.35, helm and client-node (kubectl-surface.md §1.3).
const A_DISC =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const A_TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const A_PB = 'application/vnd.kubernetes.protobuf,application/json';
const A_PB2 = 'application/vnd.kubernetes.protobuf, */*';
const A_JSON = 'application/json';
const A_JSONANY = 'application/json, */*';
const A_OAV2 = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const CLIENT_NODE = 'application/json, */*;q=0.8';

const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
const LEGACY = { format: 'legacy', contentType: 'application/json' };

describe('negotiateDiscovery at /api and /apis', () => {
  const at = (accept: string | undefined, allowV2beta1 = false) => negotiateDiscovery(accept, { aggregatable: true, allowV2beta1 });

  it('answers kubectl and helm (A-DISC) with aggregated v2 and its exact Content-Type', () => {
    expect(at(A_DISC)).toEqual({ format: 'aggregated', version: 'v2', contentType: V2 });
  });

  it.each([
    ['A-TABLE', A_TABLE],
    ['A-PB', A_PB],
    ['A-PB2', A_PB2],
    ['A-JSON', A_JSON],
    ['A-JSONANY', A_JSONANY],
    ['client-node', CLIENT_NODE],
    ['*/*', '*/*'],
    ['no Accept', undefined],
    ['empty Accept', ''],
  ])('answers %s with legacy JSON', (_name, accept) => {
    expect(at(accept)).toEqual(LEGACY);
  });

  it('ignores v2beta1 as kube-apiserver 1.35 does, unless allowed', () => {
    expect(at(`${V2BETA1},${V2}`)).toEqual({ format: 'aggregated', version: 'v2', contentType: V2 });
    expect(at(`${V2BETA1},application/json`)).toEqual(LEGACY);
    expect(at(`${V2BETA1},${V2}`, true)).toEqual({ format: 'aggregated', version: 'v2beta1', contentType: V2BETA1 });
  });

  it('prefers any aggregated clause over plain JSON, whatever their order', () => {
    expect(at(`application/json,${V2}`).format).toBe('aggregated');
    expect(at(`application/json;q=1,${V2};q=0.1`).format).toBe('aggregated');
  });

  it('writes the Content-Type in g, v, as order whatever the client sent', () => {
    expect(at('application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io').contentType).toBe(V2);
  });

  it('skips aggregated clauses with an unsupported stream or sv parameter, or another type', () => {
    expect(at(`${V2};stream=foo,application/json`)).toEqual(LEGACY);
    expect(at(`${V2};sv=v1,application/json`)).toEqual(LEGACY);
    expect(at(`${V2};stream=watch`).format).toBe('aggregated');
    expect(at('application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json')).toEqual(LEGACY);
    expect(at('*/*;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList').contentType).toBe(V2);
  });

  it('fails with 406 when nothing can be served', () => {
    for (const accept of [A_OAV2, V2BETA1, 'text/html', '   ']) {
      let err: unknown;
      try {
        at(accept);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).status).toMatchObject({
        code: 406,
        reason: 'NotAcceptable',
        message: 'only the following media types are accepted: application/json',
      });
    }
  });
});

describe('negotiateDiscovery at /api/v1, /apis/<g> and /apis/<g>/<v>', () => {
  it('never answers the aggregated form', () => {
    expect(negotiateDiscovery(A_DISC, { aggregatable: false })).toEqual(LEGACY);
    expect(negotiateDiscovery(A_JSONANY, { aggregatable: false })).toEqual(LEGACY);
    expect(() => negotiateDiscovery(V2, { aggregatable: false })).toThrow(StatusError);
  });
});

describe('parseAccept', () => {
  it('orders by q, then concrete before wildcard, otherwise keeps header order', () => {
    const clauses = parseAccept('*/*;q=0.8, application/yaml;q=0.9, text/html, application/json');
    expect(clauses.map((c) => `${c.type}/${c.subType};${c.q}`)).toEqual([
      'text/html;1',
      'application/json;1',
      'application/yaml;0.8999999761581421',
      '*/*;0.800000011920929',
    ]);
  });

  it("lets a concrete type pass a wildcard of higher q, as goautoneg's Less allows", () => {
    // Hand-run of Go's insertion sort: json (q=0.5) is "less" than */* (q=0.8) because */* is a wildcard.
    const clauses = parseAccept('application/yaml, */*;q=0.8, application/json;q=0.5, text/html');
    expect(clauses.map((c) => `${c.type}/${c.subType};${c.q}`)).toEqual([
      'application/yaml;1',
      'text/html;1',
      'application/json;0.5',
      '*/*;0.800000011920929',
    ]);
  });

  it("keeps goautoneg's non-transitive ordering: a concrete type can pass a wildcard of higher q", () => {
    // Hand-run of Go's insertion sort with goautoneg's Less on this header.
    const clauses = parseAccept('*/*;q=0.8, text/*, application/json;q=0.9, text/plain, application/yaml');
    expect(clauses.map((c) => `${c.type}/${c.subType};${c.q}`)).toEqual([
      'text/plain;1',
      'application/yaml;1',
      'application/json;0.8999999761581421',
      'text/*;1',
      '*/*;0.800000011920929',
    ]);
  });

  it('reads parameters, trims spaces and drops malformed clauses and parameters', () => {
    expect(parseAccept(' application/json ; g=x ;v = v2 ;bad; k=a=b ;as=T, text, a/b/c, *, ,')).toEqual([
      { type: 'application', subType: 'json', q: 1, params: { g: 'x', v: 'v2', as: 'T' } },
      { type: '*', subType: '*', q: 1, params: {} },
    ]);
  });

  it('treats an unparsable q as 0', () => {
    expect(parseAccept('a/b;q=x')[0].q).toBe(0);
  });
});

import { fieldErrorMessage } from 'src/apiserver/status';
import type { KubeObject } from 'src/registry/generic/object';
import type { ResourceDefinition, StrategyContext } from 'src/registry/generic/resource';
import { ingress } from 'src/registry/networking/ingress';
import { ingressTable } from 'src/registry/networking/ingress.table';
import { ingressclass } from 'src/registry/networking/ingressclass';
import { ingressclassTable } from 'src/registry/networking/ingressclass.table';
import { networkpolicy } from 'src/registry/networking/networkpolicy';
import { networkpolicyTable } from 'src/registry/networking/networkpolicy.table';

const ctx: StrategyContext = { namespace: 'default', now: new Date('2026-01-01T00:00:00Z') };
const NOW = new Date('2026-01-01T02:00:00Z');
const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' });

function create(def: ResourceDefinition<KubeObject>, obj: KubeObject): string[] {
  def.defaults?.(obj, ctx);
  def.prepareForCreate?.(obj, ctx);
  return (def.validate?.(obj, ctx) ?? []).map(fieldErrorMessage);
}

function update(def: ResourceDefinition<KubeObject>, obj: KubeObject, old: KubeObject): string[] {
  def.defaults?.(obj, ctx);
  return (def.validateUpdate?.(obj, old, ctx) ?? []).map(fieldErrorMessage);
}

/** The body `kubectl create ingress ing1 --rule="foo.com/bar=svc1:8080"` sends. */
const kubectlIngress = (): KubeObject => ({
  metadata: meta('ing1'),
  spec: {
    rules: [{ host: 'foo.com', http: { paths: [{ backend: { service: { name: 'svc1', port: { number: 8080 } } }, path: '/bar', pathType: 'Exact' }] } }],
  },
  status: { loadBalancer: {} },
});

describe('ingresses', () => {
  it('store the kubectl body with an empty load-balancer status', () => {
    const obj = kubectlIngress();
    expect(create(ingress, obj)).toEqual([]);
    expect(obj.status).toEqual({ loadBalancer: {} });
  });

  it('require a pathType and check paths by type', () => {
    const obj = kubectlIngress();
    const paths = obj.spec.rules[0].http.paths;
    delete paths[0].pathType;
    paths.push({ path: 'relative//x/.', pathType: 'Prefix', backend: { service: { name: 'svc1', port: { number: 80 } } } });
    paths.push({ path: '/', pathType: 'Regex', backend: { service: { name: 'Svc', port: {} } } });
    expect(create(ingress, obj)).toEqual([
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
      'spec.rules[0].http.paths[1].path: Invalid value: "relative//x/.": must be an absolute path',
      `spec.rules[0].http.paths[1].path: Invalid value: "relative//x/.": must not contain '//'`,
      `spec.rules[0].http.paths[1].path: Invalid value: "relative//x/.": cannot end with '/.'`,
      'spec.rules[0].http.paths[2].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      "spec.rules[0].http.paths[2].backend.service.name: Invalid value: \"Svc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      'spec.rules[0].http.paths[2].backend: Required value: port name or number is required',
    ]);
  });

  it('need rules or a default backend, and hosts that are names', () => {
    expect(create(ingress, { metadata: meta('empty'), spec: {} })).toEqual(['spec: Invalid value: null: either `defaultBackend` or `rules` must be specified']);
    const ip = kubectlIngress();
    ip.spec.rules[0].host = '10.0.0.1';
    expect(create(ingress, ip)).toEqual(['spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address']);
    const wildcard = kubectlIngress();
    wildcard.spec.rules[0].host = '*.foo.com';
    expect(create(ingress, wildcard)).toEqual([]);
  });

  it('check the legacy class annotation only on create', () => {
    const obj = kubectlIngress();
    obj.metadata.annotations = { 'kubernetes.io/ingress.class': 'nginx' };
    obj.spec.ingressClassName = 'traefik';
    expect(create(ingress, obj)).toEqual([
      'annotations.kubernetes.io/ingress.class: Invalid value: "nginx": must match `ingressClassName` when both are specified',
    ]);
    expect(update(ingress, structuredClone(obj), obj)).toEqual([]);
  });

  it('print NAME CLASS HOSTS ADDRESS PORTS AGE', () => {
    const obj = kubectlIngress();
    create(ingress, obj);
    expect(ingressTable.columns.map((c) => c.name)).toEqual(['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
    expect(ingressTable.cells(obj, NOW)).toEqual(['ing1', '<none>', 'foo.com', '', '80', '120m']);
    obj.spec.ingressClassName = 'nginx';
    obj.spec.tls = [{ hosts: ['foo.com'] }];
    obj.spec.rules = ['a.com', 'b.com', '', 'c.com', 'd.com'].map((host) => ({ host }));
    obj.status = { loadBalancer: { ingress: [{ ip: '10.0.0.9' }, { hostname: 'lb.example.com' }, { ip: '10.0.0.9' }] } };
    expect(ingressTable.cells(obj, NOW).slice(1, 5)).toEqual(['nginx', 'a.com,b.com,c.com + 2 more...', '10.0.0.9,lb.example.com', '80, 443']);
  });
});

describe('ingress classes', () => {
  it('default the parameters scope to Cluster and check the controller', () => {
    const obj: KubeObject = {
      metadata: { name: 'nginx' },
      spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } },
    };
    expect(create(ingressclass, obj)).toEqual([]);
    expect(obj.spec.parameters.scope).toBe('Cluster');
    expect(create(ingressclass, { metadata: { name: 'bad' }, spec: { controller: 'nginx' } })).toEqual([
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    const ns: KubeObject = { metadata: { name: 'ns' }, spec: { controller: 'a.io/b', parameters: { kind: 'K', name: 'n', scope: 'Namespace' } } };
    expect(create(ingressclass, ns)).toEqual(["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"]);
  });

  it('keep the controller immutable and print PARAMETERS', () => {
    const old: KubeObject = { metadata: { name: 'nginx', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { controller: 'k8s.io/ingress-nginx' } };
    const next = structuredClone(old);
    next.spec.controller = 'k8s.io/other';
    expect(update(ingressclass, next, old)).toEqual(['spec.controller: Invalid value: "k8s.io/other": field is immutable']);
    expect(ingressclassTable.cells(old, NOW)).toEqual(['nginx', 'k8s.io/ingress-nginx', '<none>', '120m']);
    expect(ingressclassTable.cells({ ...old, spec: { controller: 'c', parameters: { apiGroup: 'k8s.example.com', kind: 'P', name: 'p' } } }, NOW)[2]).toBe(
      'P.k8s.example.com/p',
    );
  });
});

describe('network policies', () => {
  it('default policyTypes from the rules and ports to TCP', () => {
    const ingressOnly: KubeObject = { metadata: meta('deny'), spec: { podSelector: {} } };
    expect(create(networkpolicy, ingressOnly)).toEqual([]);
    expect(ingressOnly.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const both: KubeObject = { metadata: meta('both'), spec: { podSelector: { matchLabels: { app: 'db' } }, egress: [{ ports: [{ port: 5432 }] }] } };
    expect(create(networkpolicy, both)).toEqual([]);
    expect(both.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(both.spec.egress[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
  });

  it('validate ports, peers and ip blocks', () => {
    const obj: KubeObject = {
      metadata: meta('np'),
      spec: {
        podSelector: {},
        ingress: [
          {
            ports: [
              { port: 'http', endPort: 90 },
              { port: 80, endPort: 70, protocol: 'ICMP' },
            ],
            from: [{}, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '192.168.0.0/16', 'bogus'] }, podSelector: {} }],
          },
        ],
        policyTypes: ['Ingress', 'Sideways'],
      },
    };
    expect(create(networkpolicy, obj)).toEqual([
      'spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
      'spec.ingress[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      'spec.ingress[0].ports[1].endPort: Invalid value: 80: must be greater than or equal to `port`',
      'spec.ingress[0].from[0]: Required value: must specify a peer',
      'spec.ingress[0].from[1].ipBlock.except[1]: Invalid value: "192.168.0.0/16": must be a strict subset of `cidr`',
      'spec.ingress[0].from[1].ipBlock.except[2]: Invalid value: "bogus": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      'spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer',
      'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
    ]);
  });

  it('print POD-SELECTOR, `<none>` for all pods', () => {
    const obj: KubeObject = { metadata: meta('np'), spec: { podSelector: {} } };
    expect(networkpolicyTable.columns.map((c) => c.name)).toEqual(['Name', 'Pod-Selector', 'Age']);
    expect(networkpolicyTable.cells(obj, NOW)).toEqual(['np', '<none>', '120m']);
    expect(networkpolicyTable.cells({ ...obj, spec: { podSelector: { matchLabels: { app: 'db' } } } }, NOW)[1]).toBe('app=db');
  });
});

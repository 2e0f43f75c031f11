import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The networking/v1 messages of the served kinds (Ingress). */
// Semantics: k8s.io/api networking/v1 generated.proto (numbers) and types.go (json tags, pointers), release v0.35.
export const networkingV1: PackageTable = {
  package: 'networking.v1',
  apiVersion: 'networking.k8s.io/v1',
  kinds: ['Ingress', 'IngressList'],
  messages: {
    Ingress: ['1 metadata? meta.v1.ObjectMeta', '2 spec? IngressSpec', '3 status? IngressStatus'],
    IngressList: ['1 metadata? meta.v1.ListMeta', '2 items []Ingress'],
    IngressSpec: ['4 ingressClassName? *string', '1 defaultBackend? *IngressBackend', '2 tls? []IngressTLS', '3 rules? []IngressRule'],
    IngressStatus: ['1 loadBalancer? IngressLoadBalancerStatus'],
    IngressBackend: ['4 service? *IngressServiceBackend', '3 resource? *core.v1.TypedLocalObjectReference'],
    IngressTLS: ['1 hosts? []string', '2 secretName? string'],
    IngressRule: ['1 host? string', '2 ... IngressRuleValue'],
    IngressLoadBalancerStatus: ['1 ingress? []IngressLoadBalancerIngress'],
    IngressServiceBackend: ['1 name string', '2 port? ServiceBackendPort'],
    IngressRuleValue: ['1 http? *HTTPIngressRuleValue'],
    IngressLoadBalancerIngress: ['1 ip? string', '2 hostname? string', '4 ports? []IngressPortStatus'],
    ServiceBackendPort: ['1 name? string', '2 number? int32'],
    HTTPIngressRuleValue: ['1 paths []HTTPIngressPath'],
    IngressPortStatus: ['1 port int32', '2 protocol string', '3 error? *string'],
    HTTPIngressPath: ['1 path? string', '3 pathType *string', '2 backend IngressBackend'],
  },
};

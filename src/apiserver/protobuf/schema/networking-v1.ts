import type { PackageTable } from 'src/apiserver/protobuf/schema/notation';

/** The networking/v1 messages of the served kinds (Ingress, IngressClass, NetworkPolicy). */
// Semantics: k8s.io/api networking/v1 generated.proto (numbers) and types.go (json tags, pointers), release v0.35.
export const networkingV1: PackageTable = {
  package: 'networking.v1',
  apiVersion: 'networking.k8s.io/v1',
  kinds: ['Ingress', 'IngressList', 'IngressClass', 'IngressClassList', 'NetworkPolicy', 'NetworkPolicyList'],
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
    IngressClass: ['1 metadata? meta.v1.ObjectMeta', '2 spec? IngressClassSpec'],
    IngressClassList: ['1 metadata? meta.v1.ListMeta', '2 items []IngressClass'],
    IngressClassSpec: ['1 controller? string', '2 parameters? *IngressClassParametersReference'],
    IngressClassParametersReference: ['1 apiGroup? *string', '2 kind string', '3 name string', '4 scope? *string', '5 namespace? *string'],
    NetworkPolicy: ['1 metadata? meta.v1.ObjectMeta', '2 spec? NetworkPolicySpec'],
    NetworkPolicyList: ['1 metadata? meta.v1.ListMeta', '2 items []NetworkPolicy'],
    NetworkPolicySpec: ['1 podSelector? meta.v1.LabelSelector', '2 ingress? []NetworkPolicyIngressRule', '3 egress? []NetworkPolicyEgressRule', '4 policyTypes? []string'],
    NetworkPolicyIngressRule: ['1 ports? []NetworkPolicyPort', '2 from? []NetworkPolicyPeer'],
    NetworkPolicyEgressRule: ['1 ports? []NetworkPolicyPort', '2 to? []NetworkPolicyPeer'],
    NetworkPolicyPort: ['1 protocol? *string', '2 port? *intstr.IntOrString', '3 endPort? *int32'],
    NetworkPolicyPeer: ['1 podSelector? *meta.v1.LabelSelector', '2 namespaceSelector? *meta.v1.LabelSelector', '3 ipBlock? *IPBlock'],
    IPBlock: ['1 cidr string', '2 except? []string'],
  },
};

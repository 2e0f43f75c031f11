import { service } from 'src/registry/core/service';
import { dropTypeDependentFields } from 'src/registry/core/service/spec';
import type { KubeObject } from 'src/registry/generic/object';

const ctx = { namespace: 'default', now: new Date('2026-01-01T00:00:00Z') };

describe('dropTypeDependentFields', () => {
  const nodePort = () => ({
    type: 'NodePort',
    clusterIP: '10.96.1.1',
    clusterIPs: ['10.96.1.1'],
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    externalTrafficPolicy: 'Cluster',
    ports: [{ port: 80, nodePort: 30080 }],
  });

  it('NodePort to ClusterIP with the node ports left as they were clears them and the traffic policy', () => {
    const s = { ...nodePort(), type: 'ClusterIP', ports: [{ port: 80, nodePort: 30080 }] };
    dropTypeDependentFields(s, nodePort());
    expect(s).toEqual({
      type: 'ClusterIP',
      clusterIP: '10.96.1.1',
      clusterIPs: ['10.96.1.1'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ port: 80 }],
    });
  });

  it('keeps a node port the user changed (validation then refuses it)', () => {
    const s = { ...nodePort(), type: 'ClusterIP', ports: [{ port: 80, nodePort: 30081 }] };
    dropTypeDependentFields(s, nodePort());
    expect(s.ports).toEqual([{ port: 80, nodePort: 30081 }]);
  });

  it('to ExternalName drops the cluster IPs and families', () => {
    const s: Record<string, any> = { ...nodePort(), type: 'ExternalName', externalName: 'example.com' };
    dropTypeDependentFields(s, nodePort());
    expect(s).toEqual({ type: 'ExternalName', externalName: 'example.com', ports: [{ port: 80 }] });
  });
});

describe('service strategy', () => {
  it('a headless Service without selector asks for both families', () => {
    const obj: KubeObject = { metadata: { name: 'h' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } };
    service.defaults!(obj, ctx);
    service.prepareForCreate!(obj, ctx);
    expect([obj.spec.ipFamilyPolicy, obj.spec.ipFamilies]).toEqual(['RequireDualStack', ['IPv4', 'IPv6']]);
    const single: KubeObject = { metadata: { name: 'h' }, spec: { clusterIP: 'None', ipFamilyPolicy: 'SingleStack', ports: [{ port: 80 }] } };
    service.prepareForCreate!(single, ctx);
    expect(single.spec.ipFamilies).toEqual(['IPv4']);
  });

  it('an update from NodePort to ClusterIP validates once the node ports are dropped', () => {
    const old: KubeObject = {
      metadata: { name: 's' },
      spec: {
        type: 'NodePort',
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        clusterIP: '10.96.1.1',
        clusterIPs: ['10.96.1.1'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 }],
      },
    };
    const next: KubeObject = structuredClone(old);
    next.spec.type = 'ClusterIP';
    service.defaults!(next, ctx);
    service.prepareForUpdate!(next, old, ctx);
    expect(service.validateUpdate!(next, old, ctx)).toEqual([]);
    expect(next.spec.ports[0].nodePort).toBeUndefined();
  });

  it('refuses a health check node port outside LoadBalancer + Local', () => {
    const obj: KubeObject = { metadata: { name: 's' }, spec: { type: 'NodePort', healthCheckNodePort: 30001, ports: [{ port: 80 }] } };
    service.defaults!(obj, ctx);
    service.prepareForCreate!(obj, ctx);
    expect(service.validate!(obj, ctx)).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'spec.healthCheckNodePort',
        value: 30001,
        detail: "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
      },
    ]);
  });
});

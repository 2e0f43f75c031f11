import { defaultPullPolicy, parseImageReference } from 'src/registry/core/defaults/image';
import { defaultPod, defaultPodSpec, defaultPodTemplateSpec, defaultVolume } from 'src/registry/core/defaults/pod-spec';

describe('imagePullPolicy defaulting', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['docker.io/library/nginx', 'Always'],
    ['localhost:5000/team/app', 'Always'],
    ['localhost:5000/team/app:v2', 'IfNotPresent'],
    ['registry.k8s.io/pause:3.10', 'IfNotPresent'],
    [`nginx@sha256:${'a'.repeat(64)}`, 'IfNotPresent'],
    [`nginx:latest@sha256:${'a'.repeat(64)}`, 'Always'],
    ['NGINX', 'IfNotPresent'],
    ['', 'IfNotPresent'],
    [`${'b'.repeat(64)}`, 'IfNotPresent'],
  ])('%j → %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it('keeps an explicit policy', () => {
    const pod = { spec: { containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Never' }] } };
    defaultPod(pod);
    expect(pod.spec.containers[0].imagePullPolicy).toBe('Never');
  });

  it('splits references', () => {
    expect(parseImageReference('quay.io/org/app:1.0')).toEqual({ name: 'quay.io/org/app', tag: '1.0', digest: '' });
  });
});

describe('defaultPod', () => {
  it('fills what a 1.35 apiserver stores for `kubectl run web --image=nginx` (before admission)', () => {
    // The body kubectl 1.35 sends.
    const pod: any = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'web', labels: { run: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx', resources: {} }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' },
      status: {},
    };
    defaultPod(pod);
    expect(pod.spec).toEqual({
      containers: [
        {
          image: 'nginx',
          imagePullPolicy: 'Always',
          name: 'web',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
  });

  it('defaults requests to limits, ports to TCP, fieldRef to v1 and probes', () => {
    const pod: any = {
      spec: {
        hostNetwork: true,
        containers: [
          {
            name: 'c',
            image: 'app:1',
            resources: { limits: { cpu: '0.5', memory: '1.5Gi' } },
            ports: [{ containerPort: 8080 }],
            env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
            livenessProbe: { httpGet: { port: 8080 } },
            readinessProbe: { grpc: { port: 9090 }, periodSeconds: 5 },
          },
        ],
      },
    };
    defaultPod(pod);
    const c = pod.spec.containers[0];
    expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '1536Mi' }, requests: { cpu: '500m', memory: '1536Mi' } });
    expect(c.ports).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }]);
    expect(c.env[0].valueFrom.fieldRef).toEqual({ apiVersion: 'v1', fieldPath: 'spec.nodeName' });
    expect(c.livenessProbe).toEqual({ httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(c.readinessProbe).toEqual({ grpc: { port: 9090, service: '' }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 });
  });

  it('keeps an explicit 0 grace period and mirrors serviceAccount into serviceAccountName', () => {
    const spec: any = { terminationGracePeriodSeconds: 0, serviceAccount: 'builder', containers: [] };
    defaultPodSpec(spec);
    expect(spec.terminationGracePeriodSeconds).toBe(0);
    expect(spec.serviceAccountName).toBe('builder');
    expect(spec.serviceAccount).toBe('builder');
  });
});

describe('volume defaults', () => {
  it.each([
    [{ name: 'v' }, { name: 'v', emptyDir: {} }],
    [{ name: 'v', configMap: { name: 'cm' } }, { name: 'v', configMap: { name: 'cm', defaultMode: 420 } }],
    [{ name: 'v', secret: { secretName: 's', defaultMode: 256 } }, { name: 'v', secret: { secretName: 's', defaultMode: 256 } }],
    [{ name: 'v', hostPath: { path: '/data' } }, { name: 'v', hostPath: { path: '/data', type: '' } }],
    [
      { name: 'v', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } }] } },
      {
        name: 'v',
        projected: {
          defaultMode: 420,
          sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } }] } }],
        },
      },
    ],
  ])('%j', (volume, expected) => {
    defaultVolume(volume as any);
    expect(volume).toEqual(expected);
  });
});

describe('defaultPodTemplateSpec', () => {
  it('defaults a workload template without pod-only fields and drops creationTimestamp: null', () => {
    const template: any = { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };
    defaultPodTemplateSpec(template);
    expect(template).toEqual({
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
        ],
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    });
  });
});

import { DEFAULT_MEMORY_REQUEST, isScalarResource, nodeAllocatable, podRequests } from 'src/scheduler/framework/resources';

const MI = 1024 * 1024;
const container = (requests?: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  name: 'c',
  image: 'busybox',
  resources: requests ? { requests } : {},
  ...extra,
});

describe('podRequests', () => {
  it.each([
    [
      'one container',
      { containers: [container({ cpu: '250m', memory: '64Mi' })] },
      { milliCPU: 250, memory: 64 * MI, nonZeroMilliCPU: 250, nonZeroMemory: 64 * MI },
    ],
    [
      'containers are summed',
      { containers: [container({ cpu: '100m' }), container({ cpu: '1.5' })] },
      { milliCPU: 1600, memory: 0, nonZeroMilliCPU: 1600, nonZeroMemory: 2 * DEFAULT_MEMORY_REQUEST },
    ],
    [
      'no requests: 0 to fit, 100m/200Mi per container to score',
      { containers: [container(), container()] },
      { milliCPU: 0, memory: 0, nonZeroMilliCPU: 200, nonZeroMemory: 400 * MI },
    ],
    [
      'an explicit 0 is not replaced by the default',
      { containers: [container({ cpu: '0', memory: '0' })] },
      { milliCPU: 0, memory: 0, nonZeroMilliCPU: 0, nonZeroMemory: 0 },
    ],
    [
      'the largest init container wins over a smaller sum',
      { initContainers: [container({ cpu: '2' })], containers: [container({ cpu: '500m' }), container({ cpu: '500m' })] },
      { milliCPU: 2000, nonZeroMilliCPU: 2000 },
    ],
    [
      'a sidecar (restartPolicy Always) adds to the containers and to later init containers',
      {
        initContainers: [container({ cpu: '200m' }, { restartPolicy: 'Always' }), container({ cpu: '1' })],
        containers: [container({ cpu: '300m' })],
      },
      // containers 300m + sidecar 200m = 500m; the second init container runs beside the sidecar: 1200m.
      { milliCPU: 1200 },
    ],
    [
      'overhead is added',
      { containers: [container({ cpu: '1', memory: '1Gi' })], overhead: { cpu: '250m', memory: '120Mi' } },
      { milliCPU: 1250, memory: 1144 * MI, nonZeroMilliCPU: 1250 },
    ],
    [
      'pod-level requests replace the container sum',
      { resources: { requests: { cpu: '3', memory: '1Gi' } }, containers: [container({ cpu: '1' })] },
      { milliCPU: 3000, memory: 1024 * MI, nonZeroMilliCPU: 3000, nonZeroMemory: 1024 * MI },
    ],
    ['ephemeral-storage', { containers: [container({ 'ephemeral-storage': '2Gi' })] }, { ephemeralStorage: 2048 * MI }],
  ])('%s', (_name, spec, expected) => {
    expect(podRequests(spec)).toMatchObject(expected);
  });

  it('keeps extended resources and hugepages, not native ones it does not know', () => {
    const r = podRequests({ containers: [container({ 'nvidia.com/gpu': '2', 'hugepages-2Mi': '4Mi', 'example.com/foo': '1' })] });
    expect([...r.scalar]).toEqual([
      ['nvidia.com/gpu', 2],
      ['hugepages-2Mi', 4 * MI],
      ['example.com/foo', 1],
    ]);
  });
});

describe('resource names', () => {
  it.each([
    ['nvidia.com/gpu', true],
    ['hugepages-1Gi', true],
    ['attachable-volumes-csi-x', true],
    ['cpu', false],
    ['kubernetes.io/foo', false],
    ['requests.example.com/foo', false],
  ])('%s is scalar: %s', (name, scalar) => {
    expect(isScalarResource(name)).toBe(scalar);
  });
});

describe('nodeAllocatable', () => {
  it('parses cpu to millicores, memory to bytes, pods to a count', () => {
    expect(nodeAllocatable({ cpu: '3800m', memory: '15Gi', pods: '110', 'ephemeral-storage': '1e9', 'nvidia.com/gpu': '8' })).toEqual({
      milliCPU: 3800,
      memory: 15 * 1024 * MI,
      allowedPodNumber: 110,
      ephemeralStorage: 1e9,
      scalar: new Map([['nvidia.com/gpu', 8]]),
    });
  });
});

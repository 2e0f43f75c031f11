import { imageIDFor, normalizedImage, parseImageRef } from 'src/node-agent/image-ref';

describe('image references (containerd normalisation)', () => {
  test.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['bitnami/redis:7', 'docker.io/bitnami/redis:7'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    ['localhost/app', 'localhost/app:latest'],
    ['myregistry:5000/team/app:v2', 'myregistry:5000/team/app:v2'],
    ['busybox@sha256:abc', 'docker.io/library/busybox@sha256:abc'],
  ])('%s -> %s', (image, normalized) => {
    expect(normalizedImage(image)).toBe(normalized);
  });

  it('splits tag and digest', () => {
    expect(parseImageRef('nginx:1.27@sha256:abc')).toEqual({ repository: 'docker.io/library/nginx', tag: '1.27', digest: 'sha256:abc' });
    expect(parseImageRef('nginx').tag).toBe('latest');
  });

  it('gives a stable digest per normalised reference, keeping a pinned one', () => {
    expect(imageIDFor('nginx')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageIDFor('nginx')).toBe(imageIDFor('docker.io/library/nginx:latest'));
    expect(imageIDFor('nginx:1.27')).not.toBe(imageIDFor('nginx:1.26'));
    expect(imageIDFor('busybox@sha256:abc')).toBe('docker.io/library/busybox@sha256:abc');
  });
});

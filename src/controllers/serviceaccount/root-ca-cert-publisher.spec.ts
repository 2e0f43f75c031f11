import { ApiError } from 'src/controllers/runtime/kube-client';
import { isNamespaceTerminating } from 'src/controllers/serviceaccount/namespace-errors';
import { DESCRIPTION, planRootCaConfigMap } from 'src/controllers/serviceaccount/root-ca-cert-publisher.reconciler';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const annotated = { 'kubernetes.io/description': DESCRIPTION };

describe('planRootCaConfigMap', () => {
  test('creates the ConfigMap when missing', () => {
    expect(planRootCaConfigMap(undefined, CA)).toEqual({
      create: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', annotations: annotated }, data: { 'ca.crt': CA } },
    });
  });

  test.each([
    { name: 'up to date', data: { 'ca.crt': CA }, annotations: annotated, want: 'nothing' },
    { name: 'other description text is kept', data: { 'ca.crt': CA }, annotations: { 'kubernetes.io/description': 'mine' }, want: 'nothing' },
    { name: 'wrong CA', data: { 'ca.crt': 'old' }, annotations: annotated, want: 'update' },
    { name: 'extra keys', data: { 'ca.crt': CA, x: 'y' }, annotations: annotated, want: 'update' },
    { name: 'description missing', data: { 'ca.crt': CA }, annotations: { other: 'kept' }, want: 'update' },
  ])('$name', ({ data, annotations, want }) => {
    const existing = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: 'n', resourceVersion: '5', annotations }, data };
    const plan = planRootCaConfigMap(existing, CA);
    if (want === 'nothing') {
      expect(plan).toBeUndefined();
      return;
    }
    expect(plan).toEqual({
      update: { ...existing, metadata: { ...existing.metadata, annotations: { ...annotations, 'kubernetes.io/description': DESCRIPTION } }, data: { 'ca.crt': CA } },
    });
  });
});

test('isNamespaceTerminating', () => {
  const forbidden = (message: string, causes?: unknown[]) => new ApiError(403, 'Forbidden', { message, ...(causes ? { details: { causes } } : {}) });
  expect(isNamespaceTerminating(forbidden('configmaps "x" is forbidden: unable to create new content in namespace n because it is being terminated'))).toBe(true);
  expect(isNamespaceTerminating(forbidden('forbidden', [{ reason: 'NamespaceTerminating' }]))).toBe(true);
  expect(isNamespaceTerminating(forbidden('forbidden: quota exceeded'))).toBe(false);
  expect(isNamespaceTerminating(new ApiError(404, 'NotFound', { message: 'because it is being terminated' }))).toBe(false);
});

import { conflictError, conflictMessage, printManager } from 'src/registry/generic/managed-fields/conflicts';
import type { Conflict } from 'src/registry/generic/managed-fields/types';

const update = (manager: string, field: string, subresource?: string): Conflict => ({
  manager,
  operation: 'Update',
  apiVersion: 'apps/v1',
  field,
  ...(subresource ? { subresource } : {}),
});
const apply = (manager: string, field: string): Conflict => ({ manager, operation: 'Apply', apiVersion: 'apps/v1', field });

describe('conflict messages', () => {
  it.each([
    [update('kubectl-edit', ''), '"kubectl-edit" using apps/v1'],
    [apply('helm', ''), '"helm"'],
    [update('kubelet', '', 'status'), '"kubelet" with subresource "status" using apps/v1'],
  ])('names %j as %s', (c, text) => {
    expect(printManager(c)).toBe(text);
  });

  it('groups several conflicts by manager, managers sorted, fields in the order given', () => {
    const conflicts = [
      apply('helm', '.spec.replicas'),
      update('kubectl-edit', '.metadata.labels.app'),
      update('kubectl-edit', '.spec.template.spec.containers[name="nginx"].image'),
    ];
    expect(conflictMessage(conflicts)).toEqual({
      message:
        'Apply failed with 3 conflicts: conflicts with "helm":\n- .spec.replicas\nconflicts with "kubectl-edit" using apps/v1:\n- .metadata.labels.app\n- .spec.template.spec.containers[name="nginx"].image',
      causes: [
        { reason: 'FieldManagerConflict', message: 'conflict with "helm"', field: '.spec.replicas' },
        { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using apps/v1', field: '.metadata.labels.app' },
        { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using apps/v1', field: '.spec.template.spec.containers[name="nginx"].image' },
      ],
    });
  });

  it('is a 409 Conflict whose details carry only the causes', () => {
    const err = conflictError([apply('helm', '.data.a')]);
    expect(err.code).toBe(409);
    expect(err.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "helm": .data.a',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "helm"', field: '.data.a' }] },
      code: 409,
    });
  });
});

import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { nodeTable } from 'src/registry/core/node.table';
import { canonicalizeResourceList } from 'src/registry/core/defaults/quantity';
import { validateQuantityValue } from 'src/registry/core/validation/resources';
import { duplicate, forbidden, invalid, isLabelValue, notSupported, required, validateLabelName } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/v1/defaults.go SetDefaults_NodeStatus,
// pkg/registry/core/node/strategy.go (status kept on create, NodeToSelectableFields) and
// pkg/apis/core/validation ValidateNode / ValidateNodeUpdate / validateNodeTaints.

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateTaints(taints: Obj[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((t, i) => {
    const path = `${field}[${i}]`;
    errs.push(...validateLabelName(t.key ?? '', `${path}.key`));
    const msgs = isLabelValue(t.value ?? '');
    if (msgs.length) {
      errs.push(invalid(`${path}.value`, t.value ?? '', msgs.join(';')));
    }
    if (!t.effect) {
      errs.push(required(`${path}.effect`));
    } else if (!TAINT_EFFECTS.includes(t.effect)) {
      errs.push(notSupported(`${path}.effect`, t.effect, TAINT_EFFECTS));
    }
    const key = `${t.effect}\u0000${t.key}`;
    if (seen.has(key)) {
      const goTaint = { Key: t.key ?? '', Value: t.value ?? '', Effect: t.effect ?? '', TimeAdded: t.timeAdded ?? null };
      errs.push({ ...duplicate(path, goTaint), detail: 'taints must be unique by key and effect pair' });
    }
    seen.add(key);
  });
  return errs;
}

function validateNode(node: KubeObject): FieldError[] {
  // Upstream reports taints under metadata.taints (ValidateNode uses the metadata path).
  const errs = validateTaints(node.spec?.taints, 'metadata.taints');
  for (const list of ['capacity', 'allocatable']) {
    for (const [k, v] of Object.entries<unknown>(node.status?.[list] ?? {})) {
      errs.push(...validateQuantityValue(k, v, `status.${list}.${k}`));
    }
  }
  return errs;
}

/** core/v1 nodes: cluster-scoped, status kept as the kubelet registers it. */
export const node = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'Node',
  plural: 'nodes',
  singular: 'node',
  namespaced: false,
  table: nodeTable,
  shortNames: ['no'],
  subresources: [
    { name: 'proxy', kind: { group: '', version: 'v1', kind: 'NodeProxyOptions' }, verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    { name: 'status', verbs: ['get', 'patch', 'update'] },
  ],
  defaults(obj) {
    const status = obj.status;
    if (status?.capacity && status.allocatable == null) {
      status.allocatable = { ...status.capacity };
    }
    canonicalizeResourceList(status?.capacity);
    canonicalizeResourceList(status?.allocatable);
  },
  validate: validateNode,
  validateUpdate(obj, old) {
    const errs = validateNode(obj);
    const oldCIDRs: string[] = old.spec?.podCIDRs ?? [];
    const newCIDRs: string[] = obj.spec?.podCIDRs ?? [];
    if (oldCIDRs.length > 0 && (oldCIDRs.length !== newCIDRs.length || oldCIDRs.some((c, i) => c !== newCIDRs[i]))) {
      errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
    }
    if (old.spec?.providerID && old.spec.providerID !== obj.spec?.providerID) {
      errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
    }
    if ((obj.spec?.externalID ?? '') !== (old.spec?.externalID ?? '')) {
      errs.push(forbidden('spec.externalID', 'may not be updated'));
    }
    return errs;
  },
  selectableFields: {
    'spec.unschedulable': (n) => String(n.spec?.unschedulable === true),
  },
});

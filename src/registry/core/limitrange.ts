import type { FieldError, KubeObject } from 'src/registry/generic/object';
import { defineResource } from 'src/registry/generic/resource';
import { canonicalizeResourceList, compareQuantities, formatQuantity, parseQuantity, type Quantity } from 'src/registry/core/defaults/quantity';
import { validateResourceName } from 'src/registry/core/validation/resources';
import { duplicate, forbidden, invalid, isQualifiedName } from 'src/registry/generic/validation';

// Semantics: kubernetes pkg/apis/core/v1/defaults.go SetDefaults_LimitRangeItem and
// pkg/apis/core/validation ValidateLimitRange (ratio checks left out).

/** A JSON object as decoded from a request body. */
type Obj = Record<string, any>;

const LIST_KEYS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'];

/** SetDefaults_LimitRangeItem for Container items: default from max, defaultRequest from default, then min. */
function defaultItem(item: Obj): void {
  if (item.type === 'Container') {
    const def: Obj = { ...(item.default ?? {}) };
    const req: Obj = { ...(item.defaultRequest ?? {}) };
    for (const [k, v] of Object.entries(item.max ?? {})) {
      def[k] ??= v;
    }
    for (const [k, v] of Object.entries(def)) {
      req[k] ??= v;
    }
    for (const [k, v] of Object.entries(item.min ?? {})) {
      req[k] ??= v;
    }
    // Empty maps are omitted by Go's omitempty; only materialize non-empty ones.
    if (Object.keys(def).length) {
      item.default = def;
    }
    if (Object.keys(req).length) {
      item.defaultRequest = req;
    }
  }
  for (const key of LIST_KEYS) {
    canonicalizeResourceList(item[key]);
  }
}

function validateItems(items: Obj[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const types = new Set<string>();
  (items ?? []).forEach((item, i) => {
    const path = `spec.limits[${i}]`;
    const type: string = item.type ?? '';
    const typeErrs = isQualifiedName(type).map((m) => invalid(`${path}.type`, type, m));
    if (typeErrs.length === 0 && !type.includes('/') && !['Pod', 'Container', 'PersistentVolumeClaim'].includes(type)) {
      typeErrs.push(invalid(`${path}.type`, type, 'must be a standard limit type or fully qualified'));
    }
    errs.push(...typeErrs);
    if (types.has(type)) {
      errs.push(duplicate(`${path}.type`, type));
    }
    types.add(type);
    if (type === 'Pod') {
      for (const key of ['default', 'defaultRequest']) {
        if (Object.keys(item[key] ?? {}).length) {
          errs.push(forbidden(`${path}.${key}`, "may not be specified when `type` is 'Pod'"));
        }
      }
    }
    const q: Record<string, Record<string, Quantity>> = {};
    for (const key of LIST_KEYS) {
      q[key] = {};
      for (const [name, v] of Object.entries(item[key] ?? {})) {
        errs.push(...validateResourceName(name, `${path}.${key}[${name}]`));
        const parsed = parseQuantity(v);
        if (parsed) {
          q[key][name] = parsed;
        }
      }
    }
    const names = new Set(LIST_KEYS.flatMap((k) => Object.keys(q[k])));
    for (const name of names) {
      const [min, max, def, req] = [q.min[name], q.max[name], q.default[name], q.defaultRequest[name]];
      const s = (x: Quantity) => formatQuantity(x);
      if (min && max && compareQuantities(min, max) > 0) {
        errs.push(invalid(`${path}.min[${name}]`, s(min), `min value ${s(min)} is greater than max value ${s(max)}`));
      }
      if (req && min && compareQuantities(min, req) > 0) {
        errs.push(invalid(`${path}.defaultRequest[${name}]`, s(req), `min value ${s(min)} is greater than default request value ${s(req)}`));
      }
      if (req && max && compareQuantities(req, max) > 0) {
        errs.push(invalid(`${path}.defaultRequest[${name}]`, s(req), `default request value ${s(req)} is greater than max value ${s(max)}`));
      }
      if (req && def && compareQuantities(req, def) > 0) {
        errs.push(invalid(`${path}.defaultRequest[${name}]`, s(req), `default request value ${s(req)} is greater than default limit value ${s(def)}`));
      }
      if (def && min && compareQuantities(min, def) > 0) {
        errs.push(invalid(`${path}.default[${name}]`, s(min), `min value ${s(min)} is greater than default value ${s(def)}`));
      }
      if (def && max && compareQuantities(def, max) > 0) {
        errs.push(invalid(`${path}.default[${name}]`, s(max), `default value ${s(def)} is greater than max value ${s(max)}`));
      }
    }
  });
  return errs;
}

/** core/v1 limitranges: container defaults filled from max/min. */
export const limitrange = defineResource<KubeObject>({
  group: '',
  version: 'v1',
  kind: 'LimitRange',
  plural: 'limitranges',
  singular: 'limitrange',
  namespaced: true,
  shortNames: ['limits'],
  allowCreateOnUpdate: true,
  defaults(obj) {
    for (const item of obj.spec?.limits ?? []) {
      defaultItem(item);
    }
  },
  validate: (obj) => validateItems(obj.spec?.limits),
  validateUpdate: (obj) => validateItems(obj.spec?.limits),
});

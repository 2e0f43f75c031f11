import type { ListOptions } from 'src/apiserver/list-options';
import { allowedFieldsOf, compileFieldSelector } from 'src/registry/generic/field-selector';
import { parseLabelSelector } from 'src/registry/generic/label-selector';
import type { RegisteredResource } from 'src/registry/generic/resource';
import type { Selection } from 'src/storage/cache/watcher';

/** Compiles a request's namespace and selectors into the filter lists and watches apply. */
export function selectionFor(resource: RegisteredResource, namespace: string | undefined, opts: ListOptions): Selection {
  const sel: Selection = {};
  if (resource.namespaced && namespace !== undefined) {
    sel.namespace = namespace;
  }
  if (opts.labelSelector) {
    const label = parseLabelSelector(opts.labelSelector);
    if (!label.empty) {
      sel.label = label;
    }
  }
  if (opts.fieldSelector) {
    const field = compileFieldSelector(opts.fieldSelector, allowedFieldsOf(resource));
    if (!field.empty) {
      sel.field = field;
    }
  }
  return sel;
}

import { fromLabelSelector, type LabelSelector } from 'src/registry/generic/label-selector';
import type { KubeObject } from 'src/registry/generic/object';

/** Compiled selectors of cached objects (a new object after each update, so a WeakMap is enough). */
const selectors = new WeakMap<KubeObject, LabelSelector>();

/** The compiled spec.selector of a cached object, memoised; an invalid or missing one selects nothing. */
export function selectorOf(obj: KubeObject): LabelSelector {
  let sel = selectors.get(obj);
  if (!sel) {
    try {
      sel = fromLabelSelector(obj.spec?.selector);
    } catch {
      sel = fromLabelSelector(null);
    }
    selectors.set(obj, sel);
  }
  return sel;
}

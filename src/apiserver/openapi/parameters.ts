import type { ApiOperation, ApiParameter } from 'src/schema/client-node-source';

// Which query parameters each kind of operation takes is the apiserver's contract, so it is
// listed here; what each parameter means is upstream's documentation, taken from the JSDoc
// client-node generated from it.
// Semantics: k8s.io/apiserver pkg/endpoints/installer.go (registerResourceHandlers) and the
// option structs of k8s.io/apimachinery pkg/apis/meta/v1 (ListOptions, CreateOptions ...).

/** A parameter of a generated operation (path or query). */
export type Parameter = ApiParameter & { required?: boolean };

/** Query parameters of list and watch (metav1.ListOptions). */
const LIST = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
];
/** Query parameters of create and update (metav1.CreateOptions / UpdateOptions). */
const WRITE = ['dryRun', 'fieldManager', 'fieldValidation'];
/** Query parameters of delete (metav1.DeleteOptions). */
const DELETE = ['dryRun', 'gracePeriodSeconds', 'ignoreStoreReadErrorWithClusterBreakingPotential', 'orphanDependents', 'propagationPolicy'];

/** Query parameter names per action, as x-kubernetes-action names the actions. */
export const QUERY_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  get: [],
  list: LIST,
  watch: LIST,
  watchlist: LIST,
  post: WRITE,
  put: WRITE,
  patch: [...WRITE, 'force'],
  delete: DELETE,
  deletecollection: [...new Set([...DELETE, ...LIST.filter((p) => p !== 'allowWatchBookmarks' && p !== 'watch')])].sort(),
};

/** Types that are not strings. */
const TYPES: Readonly<Record<string, Parameter['type']>> = {
  allowWatchBookmarks: 'boolean',
  force: 'boolean',
  gracePeriodSeconds: 'integer',
  ignoreStoreReadErrorWithClusterBreakingPotential: 'boolean',
  limit: 'integer',
  orphanDependents: 'boolean',
  sendInitialEvents: 'boolean',
  timeoutSeconds: 'integer',
  watch: 'boolean',
};

/** Upstream's parameter descriptions, looked up by HTTP method and name, else by name alone. */
export class ParameterDocs {
  private readonly byMethod = new Map<string, string>();

  constructor(operations: readonly ApiOperation[]) {
    const counts = new Map<string, Map<string, number>>();
    const count = (key: string, text: string): void => {
      const m = counts.get(key) ?? new Map<string, number>();
      m.set(text, (m.get(text) ?? 0) + 1);
      counts.set(key, m);
    };
    for (const op of operations) {
      for (const p of op.params) {
        if (p.description) {
          count(`${op.httpMethod} ${p.name}`, p.description);
          count(p.name, p.description);
        }
      }
    }
    // The most common text wins; ties go to the alphabetically first, so the result is stable.
    for (const [key, texts] of counts) {
      const best = [...texts].sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : a > b ? 1 : 0))[0][0];
      this.byMethod.set(key, best);
    }
  }

  /** The description of a parameter of an operation with this HTTP method. */
  describe(httpMethod: string, name: string): string | undefined {
    return this.byMethod.get(`${httpMethod.toUpperCase()} ${name}`) ?? this.byMethod.get(name);
  }

  /** The query parameters of an action. */
  query(action: string, httpMethod: string): Parameter[] {
    return (QUERY_PARAMETERS[action] ?? []).map((name) => ({ name, in: 'query', type: TYPES[name] ?? 'string', description: this.describe(httpMethod, name) }));
  }

  /** `pretty`, which every path takes. */
  pretty(): Parameter {
    return { name: 'pretty', in: 'query', type: 'string', description: this.describe('GET', 'pretty') };
  }

  /** A path parameter; `name` is described after the kind it names. */
  path(name: string, kind: string): Parameter {
    return { name, in: 'path', type: 'string', required: true, description: name === 'name' ? `name of the ${kind}` : this.describe('GET', name) };
  }
}

import { readComponents } from 'src/schema/openapi-reader';
import { readCommittedV3 } from 'src/schema/openapi-files';
import type { ObjectNode, TypeNode } from 'src/schema/type-node';

// The run-time schema of every served type. It is read once from the committed OpenAPI v3
// documents (openapi/v3), which `npm run openapi` generates from client-node's models and the
// patch-metadata table; see src/schema/README.md.

interface SchemaIndex {
  definitions: Map<string, TypeNode>;
  /** `group/version/Kind` → definition name. */
  kinds: Map<string, string>;
}

let index: SchemaIndex | undefined;

function load(): SchemaIndex {
  if (!index) {
    const loaded: SchemaIndex = { definitions: new Map(), kinds: new Map() };
    for (const text of readCommittedV3().values()) {
      const { definitions, kinds } = readComponents(JSON.parse(text));
      definitions.forEach((node, name) => loaded.definitions.set(name, node));
      kinds.forEach((name, gvk) => loaded.kinds.set(gvk, name));
    }
    index = loaded;
  }
  return index;
}

/** The schema of a served kind (`apps`, `v1`, `Deployment`), or undefined if it is not served. */
export function typeForKind(group: string, version: string, kind: string): ObjectNode | undefined {
  const { kinds, definitions } = load();
  const name = kinds.get(`${group}/${version}/${kind}`);
  const node = name ? definitions.get(name) : undefined;
  return node?.kind === 'object' ? node : undefined;
}

/** A definition by name (`io.k8s.api.core.v1.Container`), if any served type uses it. */
export function definition(name: string): TypeNode | undefined {
  return load().definitions.get(name);
}

/**
 * Follows references until the node is not a ref. Field-level facts stay on the ref (its
 * description, `patchStrategy` such as Deployment spec.strategy's retainKeys, a `mapType`
 * override): read them before resolving.
 */
export function resolve(node: TypeNode): TypeNode {
  let current = node;
  for (let hops = 0; current.kind === 'ref'; hops++) {
    const target = load().definitions.get(current.name);
    if (!target || hops > 16) {
      throw new Error(`schema: cannot resolve ${current.name}`);
    }
    current = target;
  }
  return current;
}

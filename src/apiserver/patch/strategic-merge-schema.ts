/**
 * The type lookups strategic merge patch needs: for a field, its patch strategies, its merge key
 * and the schema of its value (or of its list items).
 *
 * Semantics: k8s.io/apimachinery pkg/util/strategicpatch/meta.go (LookupPatchMeta) and
 * third_party/forked/golang/json/fields.go LookupPatchMetadataForStruct.
 */
import { StrategicMergePatchError } from 'src/apiserver/patch/strategic-merge-errors';
import type { TypeNode } from 'src/schema/type-node';

/** Follows RefNodes to the definition they name. */
export type ResolveTypeNode = (node: TypeNode) => TypeNode;

/** The patch metadata of one field, as upstream reads it from the Go struct tags. */
export interface PatchMeta {
  /** `x-kubernetes-patch-strategy` split on commas, e.g. `['merge', 'retainKeys']`. */
  strategies: string[];
  /** `x-kubernetes-patch-merge-key`, empty when the list has none. */
  mergeKey: string;
}

/** A sub-schema with the metadata of the field that leads to it. */
export interface SchemaLookup {
  schema: PatchSchema;
  meta: PatchMeta;
}

const NO_META: PatchMeta = { strategies: [], mergeKey: '' };

/**
 * The schema of the value being merged. A schema without a node is schema-less: every field is
 * unknown and merges without strategy (maps recursively, lists replaced), which is also what
 * happens under fields the type schema does not describe.
 */
export class PatchSchema {
  private constructor(
    private readonly node: TypeNode | undefined,
    private readonly resolveRef: ResolveTypeNode,
  ) {}

  /** The schema of a value described by `node` (undefined: schema-less). */
  static of(node: TypeNode | undefined, resolve: ResolveTypeNode): PatchSchema {
    return new PatchSchema(PatchSchema.resolved(node, resolve), resolve);
  }

  private static resolved(node: TypeNode | undefined, resolve: ResolveTypeNode): TypeNode | undefined {
    let n = node;
    // Bounded so a malformed schema (a ref to itself) cannot hang a request.
    for (let i = 0; n?.kind === 'ref' && i < 32; i++) {
      n = resolve(n);
    }
    return n?.kind === 'ref' ? undefined : n;
  }

  /** The node of field `key`: a struct's field, or a map's value node for any key. */
  private field(key: string): TypeNode | undefined {
    const n = this.node;
    if (n?.kind === 'object') {
      return Object.hasOwn(n.fields, key) ? PatchSchema.resolved(n.fields[key], this.resolveRef) : undefined;
    }
    if (n?.kind === 'map') {
      return PatchSchema.resolved(n.values, this.resolveRef);
    }
    return undefined;
  }

  private static meta(field: TypeNode | undefined): PatchMeta {
    if (field?.kind !== 'list') {
      return NO_META;
    }
    return {
      strategies: field.patchStrategy ? field.patchStrategy.split(',') : [],
      mergeKey: field.patchMergeKey ?? '',
    };
  }

  /** The schema of field `key` holding a map, with the field's patch metadata. */
  lookupForStruct(key: string): SchemaLookup {
    const f = this.field(key);
    return { schema: new PatchSchema(f, this.resolveRef), meta: PatchSchema.meta(f) };
  }

  /**
   * The schema of the items of field `key` holding a list, with the field's patch metadata. A
   * known field that is not a list fails as upstream does (its message names the parent's kind).
   */
  lookupForSlice(key: string): SchemaLookup {
    const f = this.field(key);
    if (f?.kind === 'list') {
      return { schema: PatchSchema.of(f.items, this.resolveRef), meta: PatchSchema.meta(f) };
    }
    if (f !== undefined && !(f.kind === 'scalar' && f.type === 'any')) {
      throw new StrategicMergePatchError(`expected slice or array type, but got: ${this.name()}`);
    }
    return { schema: new PatchSchema(undefined, this.resolveRef), meta: NO_META };
  }

  /** The Go kind upstream names in messages about this schema (`struct` for an object). */
  name(): string {
    switch (this.node?.kind) {
      case 'object':
        return 'struct';
      case 'map':
        return 'map';
      case 'list':
        return 'slice';
      case 'scalar':
        return this.node.type === 'any' ? 'interface' : this.node.type;
      default:
        return 'interface';
    }
  }
}

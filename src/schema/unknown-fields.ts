import { resolve } from 'src/schema/schema';
import type { ObjectNode, TypeNode } from 'src/schema/type-node';

// Semantics: sigs.k8s.io/json internal/golang/encoding/json (kubernetes_patch.go and decode.go):
// with DisallowUnknownFields the decoder records `unknown field "<path>"` for every object key
// that is not a field of the target struct, where <path> joins object keys with `.` and list
// indexes as `[i]` (map keys are path segments too). Each path is reported once, in document
// order. kube-apiserver turns these into `strict decoding error: ...` (fieldValidation=Strict)
// or one Warning header each (fieldValidation=Warn).

/**
 * Every field of `obj` that the kind's schema does not know, as kube-apiserver's strict decoding
 * words it: `unknown field "spec.template.spec.containers[0].imagee"`. Values the schema leaves
 * open (RawExtension, `any`) and the keys of maps are never unknown.
 */
export function unknownFields(kindNode: ObjectNode, obj: unknown, resolveRef: (node: TypeNode) => TypeNode = resolve): string[] {
  return walkUnknown(kindNode, obj, resolveRef, false);
}

/**
 * Removes every field the schema does not know from `obj` (in place) and reports them as
 * `unknownFields` does: what decoding into the Go type does to a built-in object.
 */
export function pruneUnknownFields(kindNode: ObjectNode, obj: unknown, resolveRef: (node: TypeNode) => TypeNode = resolve): string[] {
  return walkUnknown(kindNode, obj, resolveRef, true);
}

function walkUnknown(kindNode: ObjectNode, obj: unknown, resolveRef: (node: TypeNode) => TypeNode, prune: boolean): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const report = (path: string): void => {
    if (!seen.has(path)) {
      seen.add(path);
      found.push(`unknown field ${JSON.stringify(path)}`);
    }
  };
  const child = (path: string, key: string): string => (path ? `${path}.${key}` : key);
  // Only objects and lists can hold unknown fields: scalars are skipped before their path is built.
  const walk = (node: TypeNode, value: unknown, path: string): void => {
    const n = node.kind === 'ref' ? resolveRef(node) : node;
    switch (n.kind) {
      case 'object':
        if (Array.isArray(value)) {
          return;
        }
        for (const key of Object.keys(value as object)) {
          const v = (value as Record<string, unknown>)[key];
          const field = n.fields[key];
          if (field) {
            if (isContainer(v)) {
              walk(field, v, child(path, key));
            }
          } else {
            report(child(path, key));
            if (prune) {
              delete (value as Record<string, unknown>)[key];
            }
          }
        }
        return;
      case 'list':
        if (Array.isArray(value)) {
          value.forEach((item, i) => {
            if (isContainer(item)) {
              walk(n.items, item, `${path}[${i}]`);
            }
          });
        }
        return;
      case 'map':
        if (!Array.isArray(value)) {
          for (const key of Object.keys(value as object)) {
            const v = (value as Record<string, unknown>)[key];
            if (isContainer(v)) {
              walk(n.values, v, child(path, key));
            }
          }
        }
        return;
      default:
        // Scalars, and `any` (RawExtension, preserve-unknown-fields): nothing below is unknown.
        return;
    }
  };
  if (isContainer(obj)) {
    walk(kindNode, obj, '');
  }
  return found;
}

function isContainer(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

import { compare, type Comparison } from 'src/registry/generic/managed-fields/compare';
import { referenceCompare } from 'src/registry/generic/managed-fields/compare-reference';
import { createFixtures, generate, mulberry32, mutate } from 'src/registry/generic/managed-fields/create-fixtures';
import { zeroObject } from 'src/registry/generic/managed-fields/zero';
import { resolve, typeForKind } from 'src/schema/schema';
import type { ObjectNode } from 'src/schema/type-node';

// Differential test: compare() walks with a path stack; it must find exactly what the original
// walk (compare-reference.ts) found, in the same order, for creates and updates alike.

const KINDS: [string, string, string][] = [
  ['', 'v1', 'Pod'],
  ['apps', 'v1', 'Deployment'],
  ['', 'v1', 'Service'],
  ['', 'v1', 'ConfigMap'],
  ['apps', 'v1', 'StatefulSet'],
  ['batch', 'v1', 'Job'],
  ['', 'v1', 'Node'],
];

function schemaOf(gvk: [string, string, string]): ObjectNode {
  const s = typeForKind(...gvk);
  if (!s) {
    throw new Error(`no schema for ${gvk.join('/')}`);
  }
  return s;
}

/** Every set of a comparison as fieldsV1 and as printed paths: both orders matter to clients. */
function text(c: Comparison): string {
  return JSON.stringify([c.added, c.modified, c.removed].map((s) => [s.toFieldsV1(), s.toStrings()]));
}

function expectSame(lhs: unknown, rhs: unknown, schema: ObjectNode | undefined): void {
  const shape = schema ?? { kind: 'deduced' as const };
  expect(text(compare(lhs, rhs, shape, resolve))).toBe(text(referenceCompare(lhs, rhs, shape, resolve)));
}

describe('compare = the original walk', () => {
  it('fixtures against their zero value, each other and changed copies', () => {
    const random = mulberry32(42);
    const fixtures = createFixtures();
    for (const f of fixtures) {
      const schema = schemaOf(f.gvk);
      expectSame(zeroObject(schema, resolve), f.object, schema);
      expectSame(f.object, zeroObject(schema, resolve), schema);
      expectSame(f.object, mutate(f.object, random), schema);
      expectSame(mutate(f.object, random), f.object, undefined);
      for (const g of fixtures) {
        expectSame(f.object, g.object, schema);
      }
    }
  });

  it.each(KINDS.map((k) => [k.join('/'), k] as const))('random %s objects and changes to them', (_name, gvk) => {
    const schema = schemaOf(gvk);
    const random = mulberry32(gvk[2].length * 104729 + gvk[0].length);
    for (let i = 0; i < 100; i++) {
      const a = generate(schema, resolve, 0, random);
      const b = mutate(a, random);
      expectSame(a, b, schema);
      expectSame(b, a, schema);
      expectSame(a, generate(schema, resolve, 0, random), schema);
    }
  });

  it('the walk leaves no path behind: a second comparison is not affected by the first', () => {
    const [f] = createFixtures();
    const schema = schemaOf(f.gvk);
    const first = text(compare(f.object, { metadata: {} }, schema, resolve));
    compare({ metadata: {} }, f.object, schema, resolve);
    expect(text(compare(f.object, { metadata: {} }, schema, resolve))).toBe(first);
  });
});

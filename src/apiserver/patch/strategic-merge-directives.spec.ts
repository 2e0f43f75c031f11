import { applyStrategicMergePatch, StrategicMergePatchError } from 'src/apiserver/patch/strategic-merge';
import type { ListNode, ObjectNode, RefNode, ScalarNode, TypeNode } from 'src/schema/type-node';

// The schema of upstream's test type (strategicpatch/patch_test.go MergeItem); most cases below
// are upstream's own test cases for patch application (original + patch → result).
const str = (type: ScalarNode['type'] = 'string'): ScalarNode => ({ kind: 'scalar', type });
const mergeItem: RefNode = { kind: 'ref', name: 'MergeItem' };
const mergingList: ListNode = { kind: 'list', items: mergeItem, patchStrategy: 'merge', patchMergeKey: 'name' };
const mergingIntList: ListNode = { kind: 'list', items: str('integer'), patchStrategy: 'merge' };
const definitions: Record<string, ObjectNode> = {
  MergeItem: {
    kind: 'object',
    name: 'MergeItem',
    fields: {
      name: str(),
      value: str(),
      other: str(),
      mergingList,
      nonMergingList: { kind: 'list', items: mergeItem },
      mergingIntList,
      nonMergingIntList: { kind: 'list', items: str('integer') },
      simpleMap: { kind: 'map', values: str() },
      retainKeysMap: { kind: 'ref', name: 'RetainKeysMergeItem' },
      retainKeysMergingList: { ...mergingList, patchStrategy: 'merge,retainKeys' },
    },
  },
  RetainKeysMergeItem: {
    kind: 'object',
    name: 'RetainKeysMergeItem',
    fields: { name: str(), value: str(), other: str(), simpleMap: { kind: 'map', values: str() }, mergingIntList, mergingList },
  },
};
const resolve = (n: TypeNode): TypeNode => definitions[(n as RefNode).name];
const apply = (original: unknown, patch: unknown): unknown => applyStrategicMergePatch(original, patch, definitions.MergeItem, resolve);
const items = (...names: number[]): { name: number }[] => names.map((name) => ({ name }));

// [name, original, patch, expected result]
const cases: [string, unknown, unknown, unknown][] = [
  // $patch on maps
  ['$patch: replace on the whole object', { name: 1, value: 1 }, { other: 'a', $patch: 'replace' }, { other: 'a' }],
  ['$patch: replace on a nested map', { simpleMap: { a: '1', b: '2' } }, { simpleMap: { $patch: 'replace', c: '3' } }, { simpleMap: { c: '3' } }],
  ['$patch: delete on a nested map leaves an empty map', { simpleMap: { key1: 1, key2: 1 } }, { simpleMap: { $patch: 'delete' } }, { simpleMap: {} }],
  ['$patch: delete on an absent map adds nothing', { name: 'a' }, { simpleMap: { $patch: 'delete' } }, { name: 'a' }],
  // $patch in merging lists
  ['$patch: replace in a list replaces it with the other items', { mergingList: items(1, 2) }, { mergingList: [{ $patch: 'replace' }] }, { mergingList: [] }],
  [
    '$patch: replace keeps the patch items',
    { mergingList: items(1, 2) },
    { mergingList: [{ name: 3, value: 'x' }, { $patch: 'replace' }] },
    { mergingList: [{ name: 3, value: 'x' }] },
  ],
  [
    '$patch: delete removes every item with that key',
    { mergingList: [{ name: 1 }, { name: 1 }, { name: 2, value: 'a' }, { name: 3 }, { name: 3 }] },
    {
      mergingList: [
        { name: 1, $patch: 'delete' },
        { name: 3, $patch: 'delete' },
      ],
    },
    { mergingList: [{ name: 2, value: 'a' }] },
  ],
  ['a new list keeps no directive items', {}, { mergingList: [{ name: 1, $patch: 'delete' }, { name: 2 }] }, { mergingList: [{ name: 2 }] }],
  // merge order
  [
    'patch items in patch order, server-only items before them when the live list says so',
    { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
    {
      mergingList: [
        { name: 3, value: 'c' },
        { name: 1, value: 'a' },
      ],
    },
    {
      mergingList: [
        { name: 2, value: 'b' },
        { name: 3, value: 'c' },
        { name: 1, value: 'a' },
      ],
    },
  ],
  ['primitive merge lists are unions without duplicates', { mergingIntList: [1, 2] }, { mergingIntList: [2, 3] }, { mergingIntList: [1, 2, 3] }],
  ['primitive merge lists follow the patch order', { mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1] }, { mergingIntList: [2, 3, 1] }],
  ['lists without merge strategy are replaced', { nonMergingIntList: [1, 2] }, { nonMergingIntList: [3] }, { nonMergingIntList: [3] }],
  [
    'lists of maps without merge strategy are replaced',
    { nonMergingList: items(1, 2) },
    { nonMergingList: [{ name: 2, value: 'x' }] },
    { nonMergingList: [{ name: 2, value: 'x' }] },
  ],
  // $setElementOrder
  [
    '$setElementOrder may list items absent from the lists',
    { mergingList: items(1, 3) },
    {
      '$setElementOrder/mergingList': items(3, 2, 1),
      mergingList: [
        { name: 3, value: 3 },
        { name: 1, value: 1 },
      ],
    },
    {
      mergingList: [
        { name: 3, value: 3 },
        { name: 1, value: 1 },
      ],
    },
  ],
  [
    '$setElementOrder alone reorders a primitive list',
    { mergingIntList: [1, 3] },
    { '$setElementOrder/mergingIntList': [3, 2, 1] },
    { mergingIntList: [3, 1] },
  ],
  [
    '$setElementOrder with server-only items keeps them where the live list had them',
    { mergingList: [{ name: 1, other: 'a' }, { name: 3, value: 3 }, { name: 4, value: 4 }, { name: 2, value: 2 }, { name: 9 }] },
    { '$setElementOrder/mergingList': items(4, 2, 3, 1) },
    { mergingList: [{ name: 4, value: 4 }, { name: 2, value: 2 }, { name: 3, value: 3 }, { name: 1, other: 'a' }, { name: 9 }] },
  ],
  [
    '$setElementOrder on an absent list takes the patch list',
    {},
    { '$setElementOrder/mergingIntList': [2, 1], mergingIntList: [2, 1] },
    { mergingIntList: [2, 1] },
  ],
  // $deleteFromPrimitiveList
  [
    '$deleteFromPrimitiveList removes from a merge list',
    { mergingIntList: [1, 2, 3] },
    { '$deleteFromPrimitiveList/mergingIntList': [2] },
    { mergingIntList: [1, 3] },
  ],
  [
    '$deleteFromPrimitiveList removes from a list without strategy',
    { nonMergingIntList: [1, 2, 3] },
    { '$deleteFromPrimitiveList/nonMergingIntList': [2] },
    { nonMergingIntList: [1, 3] },
  ],
  [
    '$deleteFromPrimitiveList of a missing value changes nothing',
    { mergingIntList: [1, 2] },
    { '$deleteFromPrimitiveList/mergingIntList': [3] },
    { mergingIntList: [1, 2] },
  ],
  ['$deleteFromPrimitiveList never adds the list', { foo: ['bar'] }, { '$deleteFromPrimitiveList/mergingIntList': [3] }, { foo: ['bar'] }],
  // $retainKeys
  [
    '$retainKeys clears the fields it does not list (discriminated union)',
    { retainKeysMap: { name: 'type1', value: 'foo' } },
    { retainKeysMap: { $retainKeys: ['name', 'other'], name: 'type2', other: 'bar' } },
    { retainKeysMap: { name: 'type2', other: 'bar' } },
  ],
  [
    '$retainKeys with a nested merge list and $setElementOrder',
    { retainKeysMap: { name: 'foo', mergingIntList: [1, 2, 3] } },
    { retainKeysMap: { '$setElementOrder/mergingIntList': [1, 2, 4], $retainKeys: ['mergingIntList', 'name'], mergingIntList: [4] } },
    { retainKeysMap: { name: 'foo', mergingIntList: [1, 2, 4, 3] } },
  ],
  [
    '$retainKeys in the items of a merge,retainKeys list',
    { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a' }] },
    { retainKeysMergingList: [{ name: 'foo', other: 'b', $retainKeys: ['name', 'other'] }] },
    { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', other: 'b' }] },
  ],
  [
    'without $retainKeys a retainKeys struct merges normally',
    { retainKeysMap: { name: 'foo', value: 'a' } },
    { retainKeysMap: { value: 'b' } },
    { retainKeysMap: { name: 'foo', value: 'b' } },
  ],
  // values taken from the patch
  ['a null patch changes nothing', { name: 'a' }, null, { name: 'a' }],
  ['a value of another type replaces the original', { mergingList: items(1) }, { mergingList: { name: 1 } }, { mergingList: { name: 1 } }],
];

// [name, original, patch, message, code]
const errors: [string, unknown, unknown, string, number][] = [
  [
    'a merge-list item without its merge key',
    { mergingList: [{ name: 1, value: 'a' }] },
    { mergingList: [{ value: 'b' }] },
    'map: map[value:b] does not contain declared merge key: name',
    500,
  ],
  [
    '$patch: delete without the merge key',
    { mergingList: items(1) },
    { mergingList: [{ $patch: 'delete', value: 'x' }] },
    'map: map[$patch:delete value:x] does not contain declared merge key: name',
    500,
  ],
  ['$patch: merge on a map', { simpleMap: { a: '1' } }, { simpleMap: { $patch: 'merge' } }, 'unknown patch type: merge in map: map[$patch:merge]', 500],
  ['$patch: merge in a list', { mergingList: items(1) }, { mergingList: [{ $patch: 'merge' }] }, 'merging lists cannot yet be specified in the patch', 500],
  [
    'an unknown $patch value in a list',
    { mergingList: items(1) },
    { mergingList: [{ name: 1, $patch: 'bogus' }] },
    'unknown patch type: bogus in map: map[$patch:bogus name:1]',
    500,
  ],
  [
    '$setElementOrder contradicting the patch list',
    { mergingList: items(1, 3, 2) },
    {
      '$setElementOrder/mergingList': items(1, 2, 3),
      mergingList: [
        { name: 3, value: 3 },
        { name: 1, value: 1 },
      ],
    },
    "The order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n doesn't match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]\n",
    500,
  ],
  [
    '$setElementOrder that is not a list',
    { mergingList: items(1) },
    { '$setElementOrder/mergingList': 'x' },
    'expected a []interface {}, but received a string',
    500,
  ],
  ['a $setElementOrder key without a field', {}, { $setElementOrder: [] }, 'invalid patch format of setElementOrder list', 400],
  ['a $deleteFromPrimitiveList key without a field', {}, { $deleteFromPrimitiveList: [1] }, 'invalid patch format of primitive list', 400],
  ['$retainKeys that is not a list', { retainKeysMap: { name: 'a' } }, { retainKeysMap: { $retainKeys: 'name' } }, 'invalid patch format of retainKeys', 400],
  [
    'a patched field missing from $retainKeys',
    { retainKeysMap: { name: 'a' } },
    { retainKeysMap: { $retainKeys: ['name'], value: 'b' } },
    'invalid patch format of retainKeys',
    400,
  ],
  ['a list of lists', { mergingIntList: [1] }, { mergingIntList: [[2]] }, 'list element types are not identical: [[1] [[2]]]', 500],
  ['a list of lists only', { mergingIntList: [[1]] }, { mergingIntList: [[2]] }, 'lists of lists are not supported', 422],
  ['list items of different types', { mergingIntList: [1] }, { mergingIntList: ['a'] }, 'list element types are not identical: [[1] [a]]', 500],
  ['a patch that is not an object', {}, [1], 'json: cannot unmarshal array into Go value of type map[string]interface {}', 400],
];

describe('strategic merge patch directives', () => {
  it.each(cases)('%s', (_name, original, patch, expected) => {
    expect(apply(original, patch)).toStrictEqual(expected);
  });

  it.each(errors)('fails on %s', (_name, original, patch, message, code) => {
    let caught: unknown;
    try {
      apply(original, patch);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StrategicMergePatchError);
    expect((caught as StrategicMergePatchError).message).toBe(message);
    expect((caught as StrategicMergePatchError).code).toBe(code);
  });
});

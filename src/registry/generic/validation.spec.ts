import { fieldErrorMessage } from 'src/apiserver/status';
import type { FieldError } from 'src/registry/generic/object';
import { compileLabelSelector, validateLabelSelector } from 'src/registry/generic/label-selector-validation';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isLabelValue,
  jsonEqual,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateAnnotations,
  validateImmutableField,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from 'src/registry/generic/validation';

const messages = (errs: FieldError[]) => errs.map(fieldErrorMessage);

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('name formats', () => {
  it.each([
    ['example.com', []],
    ['a', []],
    ['My_Name', [SUBDOMAIN_MSG]],
    ['-abc', [SUBDOMAIN_MSG]],
    ['a'.repeat(254), ['must be no more than 253 characters']],
  ])('isDNS1123Subdomain(%j)', (value, expected) => {
    expect(isDNS1123Subdomain(value)).toEqual(expected);
  });

  it.each([
    ['my-name', []],
    ['a.b', ['must not contain dots']],
    ['Abc', [LABEL_MSG]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ])('isDNS1123Label(%j)', (value, expected) => {
    expect(isDNS1123Label(value)).toEqual(expected);
  });

  it('isDNS1035Label requires a leading letter', () => {
    expect(isDNS1035Label('abc-123')).toEqual([]);
    expect(isDNS1035Label('1abc')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('masks a trailing dash of a generateName prefix', () => {
    expect(nameIsDNSSubdomain('web-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('web-', false)).toEqual([SUBDOMAIN_MSG]);
    expect(nameIsDNSLabel('ns-', true)).toEqual([]);
  });
});

describe('label keys and values', () => {
  it.each([
    ['app', []],
    ['app.kubernetes.io/name', []],
    ['/name', ['prefix part must be non-empty']],
    ['a/b/c', ["a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]],
    ['Example.com/x', [`prefix part ${SUBDOMAIN_MSG}`]],
    [
      'bad key',
      ["name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
    ],
    ['x'.repeat(64), ['name part must be no more than 63 bytes']],
  ])('isQualifiedName(%j)', (value, expected) => {
    expect(isQualifiedName(value)).toEqual(expected);
  });

  it('label values may be empty but not too long or odd', () => {
    expect(isLabelValue('')).toEqual([]);
    expect(isLabelValue('v'.repeat(64))).toEqual(['must be no more than 63 bytes']);
    expect(isLabelValue('-x')).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });
});

describe('validateObjectMeta', () => {
  it('requires a name unless generateName is set, and a namespace for namespaced types', () => {
    expect(messages(validateObjectMeta({}, { namespaced: true }))).toEqual([
      'metadata.name: Required value: name or generateName is required',
      'metadata.namespace: Required value',
    ]);
  });

  it('forbids a namespace on cluster-scoped types', () => {
    expect(messages(validateObjectMeta({ name: 'n1', namespace: 'x' }, { namespaced: false }))).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });

  it('reports an invalid name with upstream wording', () => {
    expect(messages(validateObjectMeta({ name: 'Web_1', namespace: 'default' }, { namespaced: true }))).toEqual([`metadata.name: Invalid value: "Web_1": ${SUBDOMAIN_MSG}`]);
  });

  it('uses the type name rule, also for generateName', () => {
    const errs = messages(validateObjectMeta({ generateName: 'a.b-', name: 'a.b-x1234', namespace: 'd' }, { namespaced: true, nameValidator: nameIsDNSLabel }));
    expect(errs).toEqual(['metadata.generateName: Invalid value: "a.b-": must not contain dots', 'metadata.name: Invalid value: "a.b-x1234": must not contain dots']);
  });

  it('checks labels, annotation size, owner references and finalizers', () => {
    const errs = messages(
      validateObjectMeta(
        {
          name: 'x',
          namespace: 'd',
          labels: { app: 'bad value' },
          annotations: { big: 'x'.repeat(256 * 1024) },
          ownerReferences: [
            { apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' },
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
          ],
          finalizers: ['custom'],
        },
        { namespaced: true },
      ),
    );
    expect(errs[0]).toMatch(/^metadata\.labels: Invalid value: "bad value": a valid label must be an empty string/);
    expect(errs).toContain('metadata.annotations: Too long: may not be more than 262144 bytes');
    expect(errs.some((e) => e.startsWith('metadata.ownerReferences: Invalid value: {"apiVersion":"v1","kind":"Event"') && e.endsWith('/v1, Kind=Event is disallowed from being an owner'))).toBe(true);
    expect(errs.some((e) => e.endsWith('Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b'))).toBe(true);
    expect(errs).toContain('metadata.finalizers[0]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified');
  });

  it('accepts annotations up to the limit', () => {
    expect(validateAnnotations({ k: 'x'.repeat(256 * 1024 - 1) }, 'metadata.annotations')).toEqual([]);
  });
});

describe('validateObjectMetaUpdate', () => {
  const old = { name: 'a', namespace: 'ns', uid: 'u1', creationTimestamp: '2025-01-01T00:00:00Z', resourceVersion: '5', generation: 2 };

  it('treats identity fields as immutable', () => {
    const errs = messages(validateObjectMetaUpdate({ ...old, name: 'b', namespace: 'other', uid: 'u2', creationTimestamp: '2026-01-01T00:00:00Z' }, old));
    expect(errs).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.namespace: Invalid value: "other": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
      'metadata.creationTimestamp: Invalid value: "2026-01-01T00:00:00Z": field is immutable',
    ]);
  });

  it('needs a resourceVersion, never lowers generation, and adds no finalizer while deleting', () => {
    const deleting = { ...old, deletionTimestamp: '2025-02-01T00:00:00Z', finalizers: ['a/b'] };
    const errs = messages(validateObjectMetaUpdate({ ...deleting, resourceVersion: '', generation: 1, finalizers: ['a/b', 'x/y'] }, deleting));
    expect(errs).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"x/y"}',
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
      'metadata.generation: Invalid value: 1: must not be decremented',
    ]);
  });
});

describe('small helpers', () => {
  it('validateNonnegativeField', () => {
    expect(messages(validateNonnegativeField(-1, 'spec.replicas'))).toEqual(['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
    expect(validateNonnegativeField(0, 'spec.replicas')).toEqual([]);
  });

  it('validateImmutableField renders the new value as JSON', () => {
    expect(messages(validateImmutableField({ matchLabels: { app: 'b' } }, { matchLabels: { app: 'a' } }, 'spec.selector'))).toEqual([
      'spec.selector: Invalid value: {"matchLabels":{"app":"b"}}: field is immutable',
    ]);
    expect(validateImmutableField({ a: 1, b: undefined }, { a: 1 }, 'x')).toEqual([]);
  });

  it('validateLabelSelector reports bad operators and values', () => {
    const errs = messages(validateLabelSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: [] }, { key: 'tier', operator: 'Maybe' }] }, 'spec.selector'));
    expect(errs).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'spec.selector.matchExpressions[1].operator: Invalid value: "Maybe": not a valid selector operator',
    ]);
    expect(compileLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'Maybe' }] })).toBeUndefined();
    expect(compileLabelSelector({ matchLabels: { app: 'web' } })?.({ app: 'web', x: 'y' })).toBe(true);
  });
});

describe('jsonEqual', () => {
  it('compares nested objects and arrays by value, whatever their key order', () => {
    expect(jsonEqual({ a: { b: [1, { c: 'x' }] }, d: null }, { d: null, a: { b: [1, { c: 'x' }] } })).toBe(true);
    expect(jsonEqual({ a: { b: [1, { c: 'x' }] } }, { a: { b: [1, { c: 'y' }] } })).toBe(false);
    expect(jsonEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(jsonEqual([1, 2, 3], [1, 2])).toBe(false);
  });

  it('treats an absent key and an undefined value alike', () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual({ a: 1, b: 2 }, { a: 1 })).toBe(false);
  });

  it('never equates an array with an object, null with an object, or values of different types', () => {
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual({ a: {} }, { a: [] })).toBe(false);
  });
});

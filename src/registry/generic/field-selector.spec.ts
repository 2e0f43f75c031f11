import { StatusError } from 'src/apiserver/status';
import {
  allowedFieldsOf,
  compileFieldSelector,
  escapeFieldValue,
  exactMatch,
  fieldSetOf,
  parseFieldSelector,
} from 'src/registry/generic/field-selector';
import { register } from 'src/registry/generic/resource';

const pods = register({
  group: '',
  version: 'v1',
  kind: 'Pod',
  plural: 'pods',
  singular: 'pod',
  namespaced: true,
  selectableFields: {
    'spec.nodeName': (p) => p.spec?.nodeName,
    'status.phase': (p) => p.status?.phase,
  },
});

/** The 400 message a call produces. */
function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError);
    expect((e as StatusError).status).toMatchObject({ code: 400, reason: 'BadRequest' });
    return (e as StatusError).status.message!;
  }
  throw new Error('no error');
}

describe('parseFieldSelector', () => {
  it('parses each operator and sorts terms', () => {
    expect(parseFieldSelector('b!=2,a==1,c=3')).toEqual([
      { field: 'a', operator: '==', value: '1' },
      { field: 'b', operator: '!=', value: '2' },
      { field: 'c', operator: '=', value: '3' },
    ]);
  });

  it('skips empty terms and treats "" as everything', () => {
    expect(parseFieldSelector('')).toEqual([]);
    expect(parseFieldSelector(',a=1,')).toEqual([{ field: 'a', operator: '=', value: '1' }]);
  });

  it('unescapes backslash, comma and equals in values', () => {
    expect(parseFieldSelector('a=x\\,y\\=z\\\\w')).toEqual([{ field: 'a', operator: '=', value: 'x,y=z\\w' }]);
    expect(parseFieldSelector('a=')).toEqual([{ field: 'a', operator: '=', value: '' }]);
    expect(parseFieldSelector('a=!b')).toEqual([{ field: 'a', operator: '=', value: '!b' }]);
  });

  it('round-trips escapeFieldValue', () => {
    const raw = 'a\\b,c=d';
    expect(parseFieldSelector(`f=${escapeFieldValue(raw)}`)[0].value).toBe(raw);
  });

  it.each([
    ['abc', "invalid selector: 'abc'; can't understand 'abc'"],
    ['a=1,zzz', "invalid selector: 'a=1,zzz'; can't understand 'zzz'"],
    ['a=x\\y', 'invalid field selector: invalid escape sequence: \\y'],
    ['a=x\\!', 'invalid field selector: invalid escape sequence: \\!'],
    ['a=x\\', 'invalid field selector: invalid escape sequence: \\'],
    ['a===b', 'invalid field selector: unescaped character in value: 61'],
    ['a!==b', 'invalid field selector: unescaped character in value: 61'],
  ])('rejects %s', (sel, message) => {
    expect(badRequestMessage(() => parseFieldSelector(sel))).toBe(message);
  });
});

describe('compileFieldSelector', () => {
  const allowed = allowedFieldsOf(pods);
  const fields = { 'metadata.name': 'web-1', 'metadata.namespace': 'default', 'spec.nodeName': 'n1', 'status.phase': '' };

  it('matches =, == and !=', () => {
    expect(compileFieldSelector('spec.nodeName=n1', allowed)(fields)).toBe(true);
    expect(compileFieldSelector('spec.nodeName==n2', allowed)(fields)).toBe(false);
    expect(compileFieldSelector('spec.nodeName!=n2,metadata.name=web-1', allowed)(fields)).toBe(true);
    expect(compileFieldSelector('spec.nodeName!=n1', allowed)(fields)).toBe(false);
  });

  it('compares missing or empty fields as ""', () => {
    expect(compileFieldSelector('status.phase=', allowed)(fields)).toBe(true);
    expect(compileFieldSelector('status.phase!=', allowed)({ 'metadata.name': 'x' })).toBe(false);
  });

  it('always allows metadata.name and metadata.namespace', () => {
    expect(compileFieldSelector('metadata.namespace=default,metadata.name=web-1', new Set())(fields)).toBe(true);
  });

  it('rejects fields the resource does not support, first in sorted order', () => {
    expect(badRequestMessage(() => compileFieldSelector('spec.bogus=1', allowed))).toBe('field label not supported: spec.bogus');
    expect(badRequestMessage(() => compileFieldSelector('z=1,spec.nodeName=a,b=2', allowed))).toBe('field label not supported: b');
    expect(badRequestMessage(() => compileFieldSelector('metadata.name =x', allowed))).toBe('field label not supported: metadata.name ');
  });

  it('reports emptiness and exact matches', () => {
    expect(compileFieldSelector('', allowed).empty).toBe(true);
    const s = compileFieldSelector('spec.nodeName=n1,metadata.name!=x', allowed);
    expect(s.empty).toBe(false);
    expect(exactMatch(s, 'spec.nodeName')).toBe('n1');
    expect(exactMatch(s, 'metadata.name')).toBeUndefined();
  });
});

describe('fieldSetOf', () => {
  it('computes metadata fields and selectable fields, missing as ""', () => {
    const pod = { metadata: { name: 'p', namespace: 'ns' }, spec: { nodeName: 'n1' } };
    expect(fieldSetOf(pods, pod)).toEqual({
      'metadata.name': 'p',
      'metadata.namespace': 'ns',
      'spec.nodeName': 'n1',
      'status.phase': '',
    });
  });

  it('gives cluster-scoped objects an empty namespace', () => {
    const nodes = register({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', singular: 'node', namespaced: false });
    expect(fieldSetOf(nodes, { metadata: { name: 'n1' } })).toEqual({ 'metadata.name': 'n1', 'metadata.namespace': '' });
    expect([...allowedFieldsOf(nodes)]).toEqual(['metadata.name', 'metadata.namespace']);
  });
});

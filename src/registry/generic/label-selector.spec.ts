import { StatusError } from 'src/apiserver/status';
import { fromLabelSelector, parseLabelSelector } from 'src/registry/generic/label-selector';

const NAME_PART_REGEX =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_REGEX =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** The BadRequest message a selector string produces. */
function parseError(selector: string): string {
  try {
    parseLabelSelector(selector);
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError);
    expect((e as StatusError).status).toMatchObject({ code: 400, reason: 'BadRequest' });
    return (e as StatusError).status.message!;
  }
  throw new Error(`selector ${JSON.stringify(selector)} parsed`);
}

describe('parseLabelSelector operators', () => {
  const labels = { app: 'web', tier: 'front', n: '5' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['missing in (a)', false],
    ['app notin (db)', true],
    ['app notin (web)', false],
    ['missing notin (a)', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['  app = web ,  tier  in  ( front , back )  ', true],
    ['n>4', true],
    ['n>5', false],
    ['n<6', true],
    ['app>1', false],
    ['missing<100', false],
    ['app=', false],
    ['missing=', false],
    ['', true],
  ])('%s → %s', (sel, want) => {
    expect(parseLabelSelector(sel)(labels)).toBe(want);
  });

  it('treats undefined labels as an empty set', () => {
    expect(parseLabelSelector('a!=b')(undefined)).toBe(true);
    expect(parseLabelSelector('a')(undefined)).toBe(false);
  });

  it('matches an empty value with `key=` and with `()`', () => {
    expect(parseLabelSelector('a=')({ a: '' })).toBe(true);
    expect(parseLabelSelector('a in ()')({ a: '' })).toBe(true);
    expect(parseLabelSelector('a in (,x)')({ a: '' })).toBe(true);
  });

  it('accepts in/notin as values and keys', () => {
    expect(parseLabelSelector('in in (in,notin)')({ in: 'notin' })).toBe(true);
  });

  it('reports emptiness and sorts requirements by key with sorted, unique values', () => {
    expect(parseLabelSelector('').empty).toBe(true);
    expect(parseLabelSelector(' ').empty).toBe(true);
    const s = parseLabelSelector('z in (b,a,b),a');
    expect(s.empty).toBe(false);
    expect(s.requirements).toEqual([
      { key: 'a', operator: 'exists', values: [] },
      { key: 'z', operator: 'in', values: ['a', 'b'] },
    ]);
  });
});

describe('parseLabelSelector errors', () => {
  it.each([
    ['x=a,', "found '', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['x y', "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt"],
    ['x in y', "unable to parse requirement: found 'y' expected: '('"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['x=(', "unable to parse requirement: found '(', expected: identifier"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['x>a', "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"],
    ['-x=a', `unable to parse requirement: <nil>: Invalid value: "-x": ${NAME_PART_REGEX}`],
    ['x=-a', `unable to parse requirement: values[0][x]: Invalid value: "-a": ${VALUE_REGEX}`],
    ['x>-1', `unable to parse requirement: values[0][x]: Invalid value: "-1": ${VALUE_REGEX}`],
    ['a/b/c', `unable to parse requirement: <nil>: Invalid value: "a/b/c": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ['/a', 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty'],
    [`x=${'v'.repeat(64)}`, `unable to parse requirement: values[0][x]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 bytes`],
  ])('%s', (sel, message) => {
    expect(parseError(sel)).toBe(message);
  });

  it('validates prefixed keys', () => {
    expect(parseError(`${'k'.repeat(64)}`)).toBe(`unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 bytes`);
    expect(parseError('Example.com/x')).toMatch(/^unable to parse requirement: <nil>: Invalid value: "Example.com\/x": prefix part a lowercase RFC 1123 subdomain/);
    expect(parseLabelSelector('example.com/My_Name=v')({ 'example.com/My_Name': 'v' })).toBe(true);
  });
});

describe('fromLabelSelector', () => {
  it('matches nothing for null and everything for an empty selector', () => {
    expect(fromLabelSelector(null)({ a: 'b' })).toBe(false);
    expect(fromLabelSelector(undefined).nothing).toBe(true);
    expect(fromLabelSelector({}).empty).toBe(true);
    expect(fromLabelSelector({ matchLabels: {}, matchExpressions: [] })({})).toBe(true);
  });

  it('ANDs matchLabels and every expression operator', () => {
    const s = fromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(s({ app: 'web', tier: 'a', team: 'x' })).toBe(true);
    expect(s({ app: 'web', tier: 'a', team: 'x', env: 'dev' })).toBe(true);
    expect(s({ app: 'web', tier: 'a', team: 'x', env: 'prod' })).toBe(false);
    expect(s({ app: 'web', tier: 'c', team: 'x' })).toBe(false);
    expect(s({ app: 'web', tier: 'a' })).toBe(false);
    expect(s({ app: 'web', tier: 'a', team: 'x', legacy: '' })).toBe(false);
    expect(s({ app: 'db', tier: 'a', team: 'x' })).toBe(false);
  });

  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, '"Bogus" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'values: Invalid value: ["x"]: values set must be empty for exists and does not exist'],
    [{ matchLabels: { 'a/b/c': 'x' } }, /^key: Invalid value: "a\/b\/c": a valid label key/],
    [{ matchLabels: { a: '-x' } }, `values[0][a]: Invalid value: "-x": ${VALUE_REGEX}`],
    [{ matchLabels: { '-a': '-x' } }, `[key: Invalid value: "-a": ${NAME_PART_REGEX}, values[0][-a]: Invalid value: "-x": ${VALUE_REGEX}]`],
  ])('rejects %j', (ps, message) => {
    expect(() => fromLabelSelector(ps)).toThrow(StatusError);
    try {
      fromLabelSelector(ps);
    } catch (e) {
      const got = (e as StatusError).status.message;
      if (typeof message === 'string') {
        expect(got).toBe(message);
      } else {
        expect(got).toMatch(message);
      }
    }
  });
});

import { computeHash, equalIgnoreHash, fnv32a, safeEncodeString, selectorWithHash } from 'src/controllers/deployment/template-hash';

const template = () => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });

describe('pod-template-hash', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('FNV-32a of %j is the reference value', (input, want) => {
    expect(fnv32a(Buffer.from(input))).toBe(want);
  });

  it('renders decimal digits with the safe alphabet, as SafeEncodeString does', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('is stable: these values must never change (ReplicaSet names depend on them)', () => {
    expect(computeHash(template())).toBe('6c8d7489d5');
    expect(computeHash(template(), 0)).toBe('5b956567df');
    expect(computeHash(template(), 1)).toBe('d898ff9b');
    expect(computeHash({})).toBe('5859f96865');
  });

  it.each([
    ['key order', { spec: { containers: [{ image: 'nginx:1.27', name: 'web' }] }, metadata: { labels: { app: 'web' } } }],
    ['empty and null members', { metadata: { labels: { app: 'web' }, annotations: {}, creationTimestamp: null }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', env: [] }] } }],
  ])('ignores %s', (_what, same) => {
    expect(computeHash(same)).toBe(computeHash(template()));
  });

  it('changes with the template and with collisionCount', () => {
    const changed = template();
    changed.spec.containers[0].image = 'nginx:1.28';
    const hashes = new Set([computeHash(template()), computeHash(changed), computeHash(template(), 0), computeHash(template(), 1), computeHash(template(), 2)]);
    expect(hashes.size).toBe(5);
  });

  it('equalIgnoreHash compares templates without the pod-template-hash label', () => {
    const withHash = { ...template(), metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' }, creationTimestamp: null } };
    expect(equalIgnoreHash(withHash, template())).toBe(true);
    expect(equalIgnoreHash({ metadata: { labels: { 'pod-template-hash': 'x' } } }, { metadata: {} })).toBe(true);
    expect(equalIgnoreHash(withHash, { ...template(), metadata: { labels: { app: 'other' } } })).toBe(false);
  });

  it('adds the hash to a copy of the selector', () => {
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] };
    expect(selectorWithHash(sel, 'h')).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': 'h' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] });
    expect(sel.matchLabels).toEqual({ app: 'web' });
  });
});

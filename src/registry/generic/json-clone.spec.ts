import { jsonClone } from 'src/registry/generic/json-clone';

describe('jsonClone', () => {
  it('copies nested objects and arrays so that changing the copy leaves the original alone', () => {
    const original = {
      metadata: { name: 'a', labels: { x: '1' } },
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] },
      n: null,
      b: false,
      z: 0,
    };
    const copy = jsonClone(original);
    expect(copy).toEqual(original);
    copy.metadata.labels.x = '2';
    copy.spec.containers[0].ports.push({ containerPort: 81 });
    expect(original.metadata.labels.x).toBe('1');
    expect(original.spec.containers[0].ports).toHaveLength(1);
    expect(copy.spec.containers).not.toBe(original.spec.containers);
  });

  it('keeps key order, so the copy serialises to the same text', () => {
    const text =
      '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","annotations":{"b":"1","a":"2"}},"spec":{"containers":[{"name":"c","image":"i"}]},"status":{}}';
    expect(JSON.stringify(jsonClone(JSON.parse(text)))).toBe(text);
  });

  it('keeps an undefined property as undefined, as structuredClone does', () => {
    const copy = jsonClone({ a: undefined, b: 1 });
    expect(Object.keys(copy)).toEqual(['a', 'b']);
    expect(copy.a).toBeUndefined();
  });

  it('copies a "__proto__" key as an own property, never as the prototype', () => {
    const parsed = JSON.parse('{"a":1,"__proto__":{"polluted":true}}');
    const copy = jsonClone(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe('{"a":1,"__proto__":{"polluted":true}}');
  });

  it('returns primitives as they are', () => {
    expect(jsonClone('s')).toBe('s');
    expect(jsonClone(3)).toBe(3);
    expect(jsonClone(null)).toBeNull();
  });
});

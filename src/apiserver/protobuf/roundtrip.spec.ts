import { decodeObject, encodeObject } from 'src/apiserver/protobuf/codec';
import { coreObjects } from 'src/apiserver/protobuf/fixtures/core-objects';
import { groupObjects } from 'src/apiserver/protobuf/fixtures/group-objects';
import { workloadObjects } from 'src/apiserver/protobuf/fixtures/workload-objects';
import { servedKinds } from 'src/apiserver/protobuf/schema/registry';

// JSON → protobuf → JSON must give back the same object for one realistic fixture of every served
// kind (and its List). The fixtures are in Go's JSON form; kubectl v1.35 decodes our protobuf of
// them to the same JSON (fixtures/README.md), so equality here means a Go client sees what we meant.

const fixtures: Record<string, Record<string, unknown>> = { ...workloadObjects, ...groupObjects };
for (const [kind, obj] of Object.entries(coreObjects)) {
  fixtures[`v1/${kind}`] = obj;
}
fixtures['v1/WatchEvent'] = { kind: 'WatchEvent', apiVersion: 'v1', type: 'MODIFIED', object: coreObjects.ConfigMap };

/** A list of the kind's fixture, with items as Go writes them (no kind/apiVersion). */
function listOf(apiVersion: string, listKind: string): Record<string, unknown> | undefined {
  const item = fixtures[`${apiVersion}/${listKind.slice(0, -'List'.length)}`];
  if (!item) {
    return undefined;
  }
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = item;
  return { kind: listKind, apiVersion, metadata: { resourceVersion: '77', continue: 'eyJ2IjoxfQ', remainingItemCount: 0 }, items: [rest, rest] };
}

const roundTrip = (obj: Record<string, unknown>) => decodeObject(encodeObject(obj)).object;

describe('JSON → protobuf → JSON', () => {
  const kinds = servedKinds().filter((k) => k.apiVersion !== '*');

  it.each(kinds.map((k) => [`${k.apiVersion}/${k.kind}`, k] as const))('%s round-trips unchanged', (_name, { apiVersion, kind }) => {
    const obj = kind.endsWith('List') ? listOf(apiVersion, kind) : fixtures[`${apiVersion}/${kind}`];
    expect(obj).toBeDefined();
    expect(roundTrip(obj!)).toEqual(obj);
  });

  it.each(['v1/Status', 'v1/WatchEvent'])('%s (accepted under every apiVersion) round-trips unchanged', (name) => {
    expect(roundTrip(fixtures[name])).toEqual(fixtures[name]);
    expect(roundTrip({ ...fixtures[name], apiVersion: 'apps/v1' })).toEqual({ ...fixtures[name], apiVersion: 'apps/v1' });
  });

  it('DeleteOptions round-trips to its fields alone (no kind, as kubectl sends it in JSON)', () => {
    const opts = { gracePeriodSeconds: 0, preconditions: { uid: 'u1' }, orphanDependents: false, propagationPolicy: 'Background', dryRun: ['All'] };
    expect(roundTrip({ kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', ...opts })).toEqual(opts);
  });

  it('keeps replicas: 0 and other zero pointers, and drops zero non-pointer scalars from the wire', () => {
    const dep = {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'd' },
      spec: { replicas: 0, minReadySeconds: 0, template: { spec: { containers: null } } },
    };
    const bytes = encodeObject(dep);
    expect(roundTrip(dep)).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'd' },
      spec: { replicas: 0, selector: null, template: { metadata: {}, spec: { containers: null } }, strategy: {} },
      status: {},
    });
    // spec = 12 02 08 00: field 1 (replicas) written with value 0, minReadySeconds left out.
    expect(bytes.includes(Buffer.from('12020800', 'hex'))).toBe(true);
  });

  it('writes Secret data as raw bytes on the wire and base64 in JSON', () => {
    const secret = { kind: 'Secret', apiVersion: 'v1', metadata: { name: 's' }, data: { k: Buffer.from([0, 0xff, 0x10]).toString('base64') } };
    expect(encodeObject(secret).includes(Buffer.from('0a016b120300ff10', 'hex'))).toBe(true);
    expect(roundTrip(secret)).toEqual(secret);
  });

  it('drops JSON keys the schema does not know, as a Go client would', () => {
    const cm = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cm', futureField: 1 }, data: { a: 'b' }, unknown: { x: 1 } };
    expect(roundTrip(cm)).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cm' }, data: { a: 'b' } });
  });

  it('writes the envelope exactly as Go does (apiVersion, kind, raw, empty contentEncoding and contentType)', () => {
    const bytes = encodeObject({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'ns1' } });
    expect(bytes.toString('hex')).toBe(
      Buffer.from('k8s\0', 'latin1').toString('hex') + '0a0f0a02763112094e616d657370616365' + '1207' + '0a050a036e7331' + '1a002200',
    );
  });
});

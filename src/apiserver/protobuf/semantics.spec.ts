import { decodeObject, encodeObject } from 'src/apiserver/protobuf/codec';
import { ProtobufDecodeError } from 'src/apiserver/protobuf/errors';
import { WIRE, WireWriter } from 'src/apiserver/protobuf/wire';

// Bodies built field by field, to pin down proto2 and Go JSON details a captured body cannot show.

type Build = (w: WireWriter) => void;

function message(build: Build): Buffer {
  const w = new WireWriter();
  build(w);
  return w.finish();
}

function envelope(apiVersion: string, kind: string, build: Build): Buffer {
  return message((w) => {
    w.raw(Buffer.from('k8s\0', 'latin1'));
    w.tag(1, WIRE.bytes).fork().tag(1, WIRE.bytes).string(apiVersion).tag(2, WIRE.bytes).string(kind).join();
    w.tag(2, WIRE.bytes).bytes(message(build));
    w.tag(3, WIRE.bytes).string('').tag(4, WIRE.bytes).string('');
  });
}

const sub = (w: WireWriter, field: number, build: Build) => w.tag(field, WIRE.bytes).bytes(message(build));
const str = (w: WireWriter, field: number, value: string) => w.tag(field, WIRE.bytes).string(value);
const num = (w: WireWriter, field: number, value: number) => w.tag(field, WIRE.varint).varint(value);
const configMap = (meta: Build) => decodeObject(envelope('v1', 'ConfigMap', (w) => sub(w, 1, meta))).object;

describe('metav1.Time and MicroTime', () => {
  it('drops an empty creationTimestamp (omitzero) and writes a set one in RFC 3339, without nanoseconds', () => {
    expect(configMap((w) => sub(w, 8, () => undefined)).metadata).toEqual({});
    expect(configMap((w) => sub(w, 8, (t) => num(num(t, 1, 1714557600), 2, 999))).metadata).toEqual({ creationTimestamp: '2024-05-01T10:00:00Z' });
  });

  it('reads a Time holding only nanos=0 as the epoch, not as the zero time', () => {
    expect(configMap((w) => sub(w, 8, (t) => num(t, 2, 0))).metadata).toEqual({ creationTimestamp: '1970-01-01T00:00:00Z' });
  });

  it('writes a present but empty *Time (deletionTimestamp) as null, like a non-nil pointer to the zero time', () => {
    expect(configMap((w) => sub(w, 9, () => undefined)).metadata).toEqual({ deletionTimestamp: null });
  });

  it('writes unset non-pointer times as null and keeps MicroTime’s microseconds', () => {
    const event = decodeObject(
      envelope('v1', 'Event', (w) => {
        sub(w, 10, (t) => num(num(t, 1, 1714557600), 2, 123456789));
      }),
    ).object;
    expect(event).toMatchObject({ firstTimestamp: null, lastTimestamp: null, eventTime: '2024-05-01T10:00:00.123456Z', reportingComponent: '' });
  });

  it('rejects a timestamp RFC 3339 cannot spell', () => {
    expect(() => configMap((w) => sub(w, 8, (t) => num(t, 1, 2 ** 40)))).toThrow(ProtobufDecodeError);
  });
});

describe('proto2 decoding rules', () => {
  it('skips unknown fields and lets the last value of a field win', () => {
    expect(configMap((w) => str(str(num(w, 99, 5), 1, 'first'), 1, 'second')).metadata).toEqual({ name: 'second' });
  });

  it('merges a message field that occurs twice', () => {
    const meta = decodeObject(
      envelope('v1', 'ConfigMap', (w) => {
        sub(w, 1, (m) => str(m, 1, 'cm'));
        sub(w, 1, (m) => sub(m, 11, (e) => str(str(e, 1, 'app'), 2, 'web')));
      }),
    ).object.metadata;
    expect(meta).toEqual({ name: 'cm', labels: { app: 'web' } });
  });

  it('accepts packed repeated integers as well as unpacked ones', () => {
    const pod = decodeObject(
      envelope('v1', 'Pod', (w) =>
        sub(w, 2, (spec) =>
          sub(spec, 14, (sc) => {
            sc.tag(4, WIRE.bytes).fork().varint(1).varint(2).join();
            num(sc, 4, 3);
          }),
        ),
      ),
    ).object;
    expect((pod.spec as { securityContext: unknown }).securityContext).toEqual({ supplementalGroups: [1, 2, 3] });
  });

  it('fills missing map keys and values with zero values and sorts keys as Go does', () => {
    const cm = decodeObject(
      envelope('v1', 'ConfigMap', (w) => {
        sub(w, 2, (e) => str(e, 1, 'z'));
        sub(w, 2, (e) => str(e, 2, 'no-key'));
        sub(w, 3, (e) => str(e, 1, 'bin'));
      }),
    ).object;
    expect(Object.keys(cm.data as object)).toEqual(['', 'z']);
    expect(cm).toMatchObject({ data: { '': 'no-key', z: '' }, binaryData: { bin: '' } });
  });

  it('rejects a field sent with the wrong wire type', () => {
    expect(() => configMap((w) => num(w, 1, 5))).toThrow(/wrong wire type 0 for field name of meta.v1.ObjectMeta/);
  });

  it('distinguishes a present zero pointer from an absent one', () => {
    const spec = (build: Build) => decodeObject(envelope('apps/v1', 'Deployment', (w) => sub(w, 2, build))).object.spec as Record<string, unknown>;
    expect(spec((s) => num(s, 1, 0))).toHaveProperty('replicas', 0);
    expect(spec(() => undefined)).not.toHaveProperty('replicas');
    expect(spec((s) => num(s, 5, 0))).not.toHaveProperty('minReadySeconds');
  });
});

describe('special JSON forms', () => {
  const pdb = (build: Build) => decodeObject(envelope('policy/v1', 'PodDisruptionBudget', (w) => sub(w, 2, build))).object.spec;

  it('decodes IntOrString by its type field', () => {
    expect(pdb((s) => sub(s, 1, (i) => str(num(i, 1, 1), 3, '50%')))).toEqual({ minAvailable: '50%' });
    expect(pdb((s) => sub(s, 1, (i) => num(num(i, 1, 0), 2, 3)))).toEqual({ minAvailable: 3 });
    expect(pdb((s) => sub(s, 1, () => undefined))).toEqual({ minAvailable: 0 });
  });

  it('keeps a Quantity’s string, writes an absent one as "0", and rejects a malformed one', () => {
    const quota = (build: Build) => decodeObject(envelope('v1', 'ResourceQuota', (w) => sub(w, 2, (s) => sub(s, 1, build)))).object.spec;
    expect(quota((e) => sub(str(e, 1, 'cpu'), 2, (q) => str(q, 1, '1500m')))).toEqual({ hard: { cpu: '1500m' } });
    expect(quota((e) => str(e, 1, 'cpu'))).toEqual({ hard: { cpu: '0' } });
    expect(() => quota((e) => sub(str(e, 1, 'cpu'), 2, (q) => str(q, 1, 'lots')))).toThrow(/quantity "lots"/);
  });

  it('embeds RawExtension and FieldsV1 as the JSON they hold', () => {
    const rev = decodeObject(envelope('apps/v1', 'ControllerRevision', (w) => sub(num(w, 3, 2), 2, (r) => str(r, 1, '{"spec":{"a":[1,true]}}')))).object;
    expect(rev).toMatchObject({ data: { spec: { a: [1, true] } }, revision: 2 });
    const meta = configMap((m) => sub(m, 17, (e) => sub(str(e, 1, 'kubectl'), 7, (f) => str(f, 1, '{"f:data":{}}')))).metadata;
    expect(meta).toEqual({ managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:data': {} } }] });
    expect(() => decodeObject(envelope('apps/v1', 'ControllerRevision', (w) => sub(w, 2, (r) => str(r, 1, '{oops'))))).toThrow(/not valid JSON/);
  });

  it('writes an unset non-omitempty RawExtension as null', () => {
    expect(decodeObject(envelope('apps/v1', 'ControllerRevision', () => undefined)).object).toEqual({
      kind: 'ControllerRevision',
      apiVersion: 'apps/v1',
      metadata: {},
      data: null,
      revision: 0,
    });
  });
});

describe('decodeObject envelope checks', () => {
  it('requires the k8s\\0 prefix and a kind', () => {
    expect(() => decodeObject(Buffer.from('{"kind":"ConfigMap"}'))).toThrow(/envelope prefix/);
    expect(() => decodeObject(envelope('v1', '', () => undefined))).toThrow(/Kind' is missing/);
  });

  it('refuses a content encoding it cannot undo', () => {
    const gz = message((w) => {
      w.raw(Buffer.from('k8s\0', 'latin1'));
      w.tag(1, WIRE.bytes).fork().tag(1, WIRE.bytes).string('v1').tag(2, WIRE.bytes).string('ConfigMap').join();
      str(w, 3, 'gzip');
    });
    expect(() => decodeObject(gz)).toThrow(/encoding "gzip"/);
  });

  it('bounds nesting through embedded envelopes', () => {
    let inner = encodeObject({ kind: 'Status', apiVersion: 'v1', status: 'Success' });
    for (let i = 0; i < 80; i++) {
      const raw = inner;
      inner = envelope('v1', 'WatchEvent', (w) => sub(str(w, 1, 'ADDED'), 2, (r) => r.tag(1, WIRE.bytes).bytes(raw)));
    }
    expect(() => decodeObject(inner)).toThrow(/nested deeper/);
  });
});

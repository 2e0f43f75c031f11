import { decodeObject } from 'src/apiserver/protobuf/codec';
import { ProtobufDecodeError } from 'src/apiserver/protobuf/errors';
import { helmDeleteOptionsHex, helmReleaseSecretHex, kubectlCoreBodies } from 'src/apiserver/protobuf/fixtures/kubectl-bodies';
import { kubectlGroupBodies } from 'src/apiserver/protobuf/fixtures/kubectl-bodies-groups';

const captured = [...kubectlCoreBodies, ...kubectlGroupBodies];
const body = (label: string) => Buffer.from(captured.find((c) => c.label === label)!.hex, 'hex');

describe('decodeObject on bodies captured from kubectl v1.35.2', () => {
  it('decodes the 56-byte `create configmap` body of kubectl-surface.md §4.2', () => {
    const bytes = body('configmap');
    expect(bytes.length).toBe(56);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('6b387300');
    const decoded = decodeObject(bytes);
    expect(decoded.apiVersion).toBe('v1');
    expect(decoded.kind).toBe('ConfigMap');
    // The wire carries "" for namespace/uid/... and an empty creationTimestamp; Go's JSON has none of them.
    expect(JSON.stringify(decoded.object)).toBe('{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm1"},"data":{"a":"b"}}');
  });

  it.each(captured.filter((c) => c.json !== null).map((c) => [c.label, c] as const))(
    '%s decodes to exactly the JSON kubectl writes for the same object',
    (_label, c) => {
      expect(decodeObject(Buffer.from(c.hex, 'hex')).object).toEqual(c.json);
    },
  );

  it('keeps an explicit `--replicas=0` (a pointer field present on the wire with value 0)', () => {
    const spec = decodeObject(body('deployment-zero')).object.spec as Record<string, unknown>;
    expect(spec).toHaveProperty('replicas', 0);
    expect((decodeObject(body('deployment')).object.spec as Record<string, unknown>).replicas).toBe(2);
  });

  it('writes Secret data as base64, as Go marshals []byte', () => {
    expect(decodeObject(body('secret')).object.data).toEqual({ pw: 'eA==' });
  });

  it('turns IntOrString into a bare number or string (Service targetPort, PDB minAvailable)', () => {
    const ports = (decodeObject(body('service-clusterip')).object.spec as { ports: Array<{ targetPort: unknown }> }).ports;
    expect(ports.map((p) => p.targetPort)).toEqual([8080, 'https']);
    expect((decodeObject(body('pdb-pct')).object.spec as { maxUnavailable: unknown }).maxUnavailable).toBe('50%');
  });

  it('keeps a negative int32 (a ten-byte varint) as a negative number', () => {
    expect(decodeObject(body('priorityclass-never')).object.value).toBe(-5);
  });

  // Without a client-side dry run for these, the expected objects follow Go's encoding/json rules:
  // non-omitempty nil slices and pointers are null, non-pointer structs are always present.
  it('decodes `create token` with Go’s nulls for unset non-omitempty fields', () => {
    expect(decodeObject(body('token')).object).toEqual({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {},
      spec: { audiences: null, expirationSeconds: null, boundObjectRef: null },
      status: { token: '', expirationTimestamp: null },
    });
    expect(decodeObject(body('token-full')).object.spec as object).toEqual({
      audiences: ['a', 'b'],
      expirationSeconds: 3600,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p1', uid: '123' },
    });
  });

  it('decodes `auth can-i` and `auth whoami`', () => {
    expect(decodeObject(body('cani')).object).toEqual({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: {},
      spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } },
      status: { allowed: false },
    });
    expect(decodeObject(body('cani-nonres')).object.spec as object).toEqual({ nonResourceAttributes: { path: '/healthz', verb: 'get' } });
    expect(decodeObject(body('whoami')).object).toEqual({
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {},
      status: { userInfo: {} },
    });
  });
});

describe('decodeObject on helm v4 bodies', () => {
  it('decodes the release Secret (bytes data: base64 of helm’s own base64 gzip)', () => {
    const { object } = decodeObject(Buffer.from(helmReleaseSecretHex, 'hex'));
    expect(object).toMatchObject({ kind: 'Secret', apiVersion: 'v1', type: 'helm.sh/release.v1' });
    expect((object.metadata as { labels: object }).labels).toMatchObject({ name: 'rel1', owner: 'helm', status: 'pending-install', version: '1' });
    const release = Buffer.from((object.data as { release: string }).release, 'base64').toString('utf8');
    expect(Buffer.from(release, 'base64').subarray(0, 2).toString('hex')).toBe('1f8b');
  });

  it('decodes a DeleteOptions with an empty raw to {}', () => {
    const bytes = Buffer.from(helmDeleteOptionsHex, 'hex');
    expect(bytes.subarray(-6).toString('hex')).toBe('12001a002200');
    expect(decodeObject(bytes)).toEqual({ apiVersion: 'v1', kind: 'DeleteOptions', object: {} });
  });

  it('rejects an envelope whose kind has no schema with a clear message', () => {
    const w = Buffer.from('6b3873000a120a0a6578616d706c652f7631120446616b6512001a002200', 'hex');
    expect(() => decodeObject(w)).toThrow(ProtobufDecodeError);
    expect(() => decodeObject(w)).toThrow('no kind "Fake" is registered for version "example/v1"');
  });
});

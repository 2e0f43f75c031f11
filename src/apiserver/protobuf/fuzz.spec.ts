import { decodeObject, encodeObject } from 'src/apiserver/protobuf/codec';
import { ProtobufDecodeError } from 'src/apiserver/protobuf/errors';
import { coreObjects } from 'src/apiserver/protobuf/fixtures/core-objects';
import { kubectlCoreBodies } from 'src/apiserver/protobuf/fixtures/kubectl-bodies';
import { kubectlGroupBodies } from 'src/apiserver/protobuf/fixtures/kubectl-bodies-groups';
import { workloadObjects } from 'src/apiserver/protobuf/fixtures/workload-objects';

// Malformed protobuf must become a ProtobufDecodeError (a 400), never another exception and never
// a hang. The mutations are seeded, so a failure reproduces.

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const corpus: Buffer[] = [
  ...[...kubectlCoreBodies, ...kubectlGroupBodies].map((c) => Buffer.from(c.hex, 'hex')),
  encodeObject(coreObjects.Pod),
  encodeObject(coreObjects.Node),
  encodeObject(workloadObjects['apps/v1/Deployment']),
];

/** Decodes, and fails the test for any outcome other than success or a clean ProtobufDecodeError. */
function decodeOrReject(body: Buffer): 'ok' | 'rejected' {
  try {
    decodeObject(body);
    return 'ok';
  } catch (err) {
    if (!(err instanceof ProtobufDecodeError) || err.message.includes('internal decoder error')) {
      throw new Error(`unexpected ${String(err)} for ${body.toString('hex')}`);
    }
    return 'rejected';
  }
}

function mutate(base: Buffer, rand: () => number): Buffer {
  let b = Buffer.from(base);
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * b.length);
    switch (Math.floor(rand() * 5)) {
      case 0:
        b[at] = Math.floor(rand() * 256);
        break;
      case 1:
        b[at] ^= 1 << Math.floor(rand() * 8);
        break;
      case 2:
        b = Buffer.concat([b.subarray(0, at), Buffer.from([Math.floor(rand() * 256)]), b.subarray(at)]);
        break;
      case 3:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
        break;
      default:
        b = b.subarray(0, at);
    }
  }
  return b;
}

describe('decodeObject on malformed input', () => {
  it('rejects every truncation that cuts into the object message', () => {
    for (const body of corpus) {
      // Envelope: k8s\0, 0a <len> typeMeta, 12 <len> raw, 1a 00, 22 00. A cut at a field boundary
      // is a valid (shorter) message; any cut from the raw tag to the raw's last byte is not.
      const rawTag = 4 + 2 + body[5];
      const rawEnd = body.length - 4;
      for (let cut = rawTag + 1; cut < rawEnd; cut++) {
        expect(decodeOrReject(body.subarray(0, cut))).toBe('rejected');
      }
    }
  });

  it('survives 4000 seeded random mutations of valid bodies with a result or a ProtobufDecodeError', () => {
    const rand = prng(20240501);
    const outcomes = { ok: 0, rejected: 0 };
    for (let i = 0; i < 4000; i++) {
      outcomes[decodeOrReject(mutate(corpus[i % corpus.length], rand))]++;
    }
    expect(outcomes.rejected).toBeGreaterThan(1000);
    expect(outcomes.ok).toBeGreaterThan(100);
  });

  it('rejects random garbage behind the envelope prefix', () => {
    const rand = prng(7);
    for (let i = 0; i < 1000; i++) {
      const garbage = Buffer.from(Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)));
      decodeOrReject(Buffer.concat([Buffer.from('k8s\0', 'latin1'), garbage]));
    }
  });

  it('rejects empty and non-protobuf bodies', () => {
    expect(decodeOrReject(Buffer.alloc(0))).toBe('rejected');
    expect(decodeOrReject(Buffer.from('k8s'))).toBe('rejected');
    expect(decodeOrReject(Buffer.from('{"kind":"ConfigMap","apiVersion":"v1"}'))).toBe('rejected');
  });
});

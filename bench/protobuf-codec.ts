import type { RequestSender } from 'bench/http-client';
import { decodeObject, encodeObject } from 'src/apiserver/protobuf/codec';
import { coreObjects } from 'src/apiserver/protobuf/fixtures/core-objects';
import { workloadObjects } from 'src/apiserver/protobuf/fixtures/workload-objects';

/** Throughput of one codec path: objects per second and bytes per object. */
export interface CodecFigure {
  kind: string;
  path: 'protobuf encode' | 'protobuf decode' | 'JSON encode' | 'JSON decode';
  perSecond: number;
  bytes: number;
}

/** Runs `fn` repeatedly for about `ms` milliseconds and returns calls per second. */
function rate(fn: () => void, ms = 600): number {
  for (let i = 0; i < 200; i++) {
    fn();
  }
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() - start < budget) {
    for (let i = 0; i < 100; i++) {
      fn();
    }
    n += 100;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

/**
 * Issue 8's codec benchmark: encode and decode of a realistic Pod and Deployment in protobuf,
 * beside JSON.stringify/JSON.parse of the same objects (the JSON path kubepg serves otherwise).
 */
export function benchProtobufCodec(): CodecFigure[] {
  const out: CodecFigure[] = [];
  for (const [kind, obj] of [
    ['Pod', coreObjects.Pod],
    ['Deployment', workloadObjects['apps/v1/Deployment']],
  ] as const) {
    const pb = encodeObject(obj);
    const json = JSON.stringify(obj);
    out.push({ kind, path: 'protobuf encode', perSecond: rate(() => encodeObject(obj)), bytes: pb.length });
    out.push({ kind, path: 'protobuf decode', perSecond: rate(() => decodeObject(pb)), bytes: pb.length });
    out.push({ kind, path: 'JSON encode', perSecond: rate(() => JSON.stringify(obj)), bytes: Buffer.byteLength(json) });
    out.push({ kind, path: 'JSON decode', perSecond: rate(() => JSON.parse(json)), bytes: Buffer.byteLength(json) });
  }
  return out;
}

/** A full LIST of one path in JSON and in protobuf: median ms and bytes of each. */
export interface ListEncodingFigure {
  items: number;
  json: { ms: number; bytes: number };
  protobuf: { ms: number; bytes: number };
}

/** Times `rounds` full LISTs of `path` with each Accept (JSON, then protobuf as client-go asks). */
export async function benchListEncodings(client: RequestSender, path: string, items: number, rounds = 3): Promise<ListEncodingFigure> {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const measure = async (accept: string): Promise<{ ms: number; bytes: number }> => {
    const ms: number[] = [];
    let bytes = 0;
    for (let i = 0; i < rounds; i++) {
      const a = await client.request('GET', path, { accept, discardBody: true });
      if (a.status !== 200) {
        throw new Error(`GET ${path} (${accept}) answered ${a.status}`);
      }
      ms.push(a.ms);
      bytes = a.bytes;
    }
    return { ms: Math.round(median(ms) * 10) / 10, bytes };
  };
  return { items, json: await measure('application/json'), protobuf: await measure('application/vnd.kubernetes.protobuf,application/json') };
}

if (require.main === module) {
  for (const f of benchProtobufCodec()) {
    process.stdout.write(`${f.kind.padEnd(11)} ${f.path.padEnd(16)} ${Math.round(f.perSecond).toString().padStart(9)}/s  ${f.bytes} bytes\n`);
  }
}

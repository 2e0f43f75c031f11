import type { ClusterResults } from 'bench/cluster';
import type { CodecFigure, ListEncodingFigure } from 'bench/protobuf-codec';
import type { PostgresBaseline } from 'bench/baseline-postgres';
import type { EtcdBaseline } from 'bench/baseline-etcd';
import type { CpuShare } from 'bench/cpu';
import type { CreateLevel } from 'bench/creates';
import type { Http2Results } from 'bench/http2';
import type { ListResults } from 'bench/lists';
import type { MachineFacts } from 'bench/machine';
import type { MemoryFigure } from 'bench/memory';
import type { ReadUpdateResults } from 'bench/reads';
import type { StartupFigures } from 'bench/startup';
import type { WatchLevel } from 'bench/watch';

/** Everything one `npm run bench` measured; a phase that failed leaves its field undefined. */
export interface BenchResults {
  profile: 'quick' | 'full';
  startedAt: string;
  durationSeconds: number;
  machine: MachineFacts & { postgres?: string; etcd?: string; loadAverageAtEnd?: number[] };
  /** What the apiserver negotiates when offered h2 and http/1.1. */
  alpn?: string;
  /** Bytes of a create request body, and of the pod as kubepg stores it (defaults, managedFields). */
  podBodyBytes: number;
  storedPodBytes?: number;
  startup: Partial<StartupFigures>;
  postgres?: PostgresBaseline;
  etcd?: EtcdBaseline;
  creates?: CreateLevel[];
  /** Only when the apiserver negotiates h2. */
  http2?: Http2Results;
  reads?: ReadUpdateResults;
  watch?: WatchLevel[];
  lists?: ListResults;
  memory?: MemoryFigure;
  /** Protobuf codec throughput beside JSON for a Pod and a Deployment (protobuf issue, item 5). */
  protobufCodec?: CodecFigure[];
  /** A full LIST of the LIST namespace in JSON and in protobuf. */
  protobufList?: ListEncodingFigure;
  /** End-to-end figures with the scheduler, node agent and controllers (each on its own cluster). */
  cluster?: ClusterResults;
  /** Each phase's duration and who used the CPU meanwhile (the apiserver and Postgres of the first start). */
  phases: { name: string; seconds: number; cpu: CpuShare }[];
  /** Context a reader needs to judge the figures. */
  notes: string[];
  /** Phases that failed or misbehaved, with the exact request and error. */
  failures: string[];
}

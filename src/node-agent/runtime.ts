import type { KubeObject } from 'src/registry/generic/object';

// The boundary between the node agent's kubelet logic (what to start when, back-off, status,
// events, API writes) and what actually runs pods. The simulated runtime implements it in memory;
// a containerd runtime can implement it over CRI. Times are epoch milliseconds.

/** The network facts of a node that a pod sandbox needs. */
export interface NodeNetwork {
  nodeName: string;
  /** The node's InternalIPs; hostNetwork pods get these. */
  nodeIPs: string[];
  /** The node's pod CIDRs; pod IPs come from these. */
  podCIDRs: string[];
}

/** Init containers run before app containers; sidecars are init containers with restartPolicy Always. */
export type ContainerKind = 'init' | 'app';

/** One start of a container (an attempt), as the runtime reports it. */
export interface RuntimeContainer {
  name: string;
  kind: ContainerKind;
  /** 0 for the first start; kubelet's restartCount. */
  attempt: number;
  /** `<runtime>://<id>`. */
  id: string;
  /** The image reference as the runtime resolved it, e.g. `docker.io/library/nginx:1.27`. */
  image: string;
  /** The image digest reference, e.g. `docker.io/library/nginx@sha256:…`. */
  imageID: string;
  state: 'running' | 'exited';
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  /** Completed, Error, OOMKilled … (set once exited). */
  reason?: string;
}

/** The pod sandbox: its network namespace and IPs. */
export interface RuntimeSandbox {
  createdAt: number;
  /** When networking is set up; containers start only after this. */
  readyAt: number;
  /** Pod IPs (the node's IPs for hostNetwork pods). */
  ips: string[];
}

/** Everything a runtime knows about one pod. */
export interface RuntimePodStatus {
  sandbox?: RuntimeSandbox;
  /** Every container attempt still known, oldest first (at least the latest two per name). */
  containers: RuntimeContainer[];
  /** When the runtime expects a change on its own (a container exiting, the sandbox getting ready). */
  nextChangeAt?: number;
}

/** What pulling an image cost. */
export interface ImagePullResult {
  durationMs: number;
  sizeBytes: number;
}

/** What the node does with pods. Implementations are used by one pod worker per pod at a time. */
export interface Runtime {
  /** `<name>://<version>`, reported as the node's containerRuntimeVersion. */
  readonly version: string;
  /**
   * Called once for every pod already bound to the node when the agent starts, before any new
   * sandbox is made: a runtime without durable state rebuilds it from the pod's status (IPs,
   * running containers); one with durable state may ignore it.
   */
  recover(pod: KubeObject, node: NodeNetwork): void;
  /** The pod's state at `now`, undefined when the runtime has nothing for it. */
  status(uid: string, now: number): RuntimePodStatus | undefined;
  /** Creates the sandbox; containers may start once it is ready. */
  createSandbox(pod: KubeObject, node: NodeNetwork, now: number): Promise<RuntimeSandbox>;
  /** Whether the node already has an image. */
  hasImage(nodeName: string, image: string): Promise<boolean>;
  /** Pulls an image onto the node. */
  pullImage(nodeName: string, image: string, now: number): Promise<ImagePullResult>;
  /** Creates and starts a container from its spec; `attempt` counts previous starts. */
  startContainer(pod: KubeObject, container: Record<string, any>, kind: ContainerKind, attempt: number, now: number): Promise<RuntimeContainer>;
  /**
   * Sends SIGTERM to running containers (all, or the named ones), SIGKILL after `gracePeriodMs`.
   * Returns the names of the containers that were running.
   */
  stopContainers(uid: string, gracePeriodMs: number, now: number, names?: string[]): Promise<string[]>;
  /** Tears the sandbox down (releasing its IPs) and forgets the pod. */
  removePod(uid: string): Promise<void>;
}

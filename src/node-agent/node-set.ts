import { internalIPFor, nodeName, podCIDRFor } from 'src/node-agent/node-addressing';
import type { NodeProfile } from 'src/node-agent/node-object';
import type { ResolvedNodeAgentOptions } from 'src/node-agent/options';
import type { NodeNetwork } from 'src/node-agent/runtime';
import type { KubeObject } from 'src/registry/generic/object';

/** One simulated node: its fixed profile and what the API says about it now. */
interface Member {
  profile: NodeProfile;
  uid?: string;
}

/** The versions a node reports about its software. */
export interface NodeVersions {
  kubeletVersion: string;
  containerRuntimeVersion: string;
  kernelVersion: string;
}

/**
 * The nodes this agent simulates: names, addresses and pod CIDRs from the address plan, plus the
 * UID and pod CIDRs of the Node objects as last seen (a node's own spec wins over the plan).
 */
export class NodeSet {
  private readonly members = new Map<string, Member>();

  constructor(opts: ResolvedNodeAgentOptions, versions: NodeVersions) {
    for (let i = 0; i < opts.nodes; i++) {
      const index = opts.firstIndex + i;
      const name = nodeName(opts.prefix, index);
      this.members.set(name, {
        profile: {
          name,
          internalIP: internalIPFor(index),
          podCIDRs: [podCIDRFor(index)],
          capacity: opts.capacity,
          allocatable: opts.allocatable,
          identity: opts.identity,
          ...versions,
        },
      });
    }
  }

  /** How many nodes there are. */
  get size(): number {
    return this.members.size;
  }

  /** Every node name, in index order. */
  names(): string[] {
    return [...this.members.keys()];
  }

  /** Whether a node name is one of ours. */
  has(name: unknown): name is string {
    return typeof name === 'string' && this.members.has(name);
  }

  /** The profile of one of our nodes. */
  profile(name: string): NodeProfile {
    return this.member(name).profile;
  }

  /** The UID of our Node object, once seen. */
  uid(name: string): string | undefined {
    return this.member(name).uid;
  }

  /** The network facts pods on the node get. */
  network(name: string): NodeNetwork {
    const p = this.profile(name);
    return { nodeName: name, nodeIPs: [p.internalIP], podCIDRs: p.podCIDRs };
  }

  /** Takes note of a Node object of ours as the API returned it (undefined: it was deleted). */
  observe(name: string, node: KubeObject | undefined): void {
    const m = this.members.get(name);
    if (!m) {
      return;
    }
    m.uid = node?.metadata.uid;
    const cidrs: string[] = node?.spec?.podCIDRs ?? (node?.spec?.podCIDR ? [node.spec.podCIDR] : []);
    if (cidrs.length > 0) {
      m.profile = { ...m.profile, podCIDRs: cidrs };
    }
  }

  private member(name: string): Member {
    const m = this.members.get(name);
    if (!m) {
      throw new Error(`${name} is not a node of this agent`);
    }
    return m;
  }
}

/** The newer of two versions of one object by resourceVersion (kubepg's are decimal integers). */
export function newest<T extends KubeObject>(a: T | undefined, b: T | undefined): T | undefined {
  if (!a || !b) {
    return a ?? b;
  }
  const rv = (o: T) => {
    const s = String(o.metadata.resourceVersion ?? '');
    return /^\d+$/.test(s) ? BigInt(s) : -1n;
  };
  return rv(b) > rv(a) ? b : a;
}

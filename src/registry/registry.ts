import type { KubeObject } from 'src/registry/generic/object';
import { register, type RegisteredResource, type ResourceDefinition } from 'src/registry/generic/resource';

/**
 * The set of served resources, with the lookups routing and discovery need. Built once from the
 * group lists; nothing else keeps a list of resources.
 */
export class Registry {
  readonly resources: readonly RegisteredResource[];
  private readonly byGvr = new Map<string, RegisteredResource>();
  private readonly byGroupResource = new Map<string, RegisteredResource>();

  constructor(definitions: readonly ResourceDefinition<any>[]) {
    this.resources = definitions.map((d) => register(d as ResourceDefinition<KubeObject>));
    for (const r of this.resources) {
      const key = `${r.group}/${r.version}/${r.plural}`;
      if (this.byGvr.has(key)) {
        throw new Error(`resource ${key} registered twice`);
      }
      this.byGvr.set(key, r);
      this.byGroupResource.set(r.groupResource, r);
    }
  }

  /** The resource served at /apis/<group>/<version>/<plural> (group '' for /api/v1). */
  lookup(group: string, version: string, plural: string): RegisteredResource | undefined {
    return this.byGvr.get(`${group}/${version}/${plural}`);
  }

  /** The resource with this GroupResource string (`pods`, `deployments.apps`). */
  byResource(groupResource: string): RegisteredResource | undefined {
    return this.byGroupResource.get(groupResource);
  }

  /** Served group-versions, core first, then groups in registration order. */
  groupVersions(): { group: string; version: string }[] {
    const seen = new Set<string>();
    const out: { group: string; version: string }[] = [];
    for (const r of this.resources) {
      const k = `${r.group}/${r.version}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push({ group: r.group, version: r.version });
      }
    }
    return out;
  }
}

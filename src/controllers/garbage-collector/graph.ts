import type { AbsentOwnerCache } from 'src/controllers/garbage-collector/absent-owner-cache';
import {
  beingDeleted,
  deletionStartsWithFinalizer,
  FOREGROUND_FINALIZER,
  hasFinalizer,
  identityOfRef,
  ORPHAN_FINALIZER,
  refMatchesCoordinates,
  sameIdentity,
  type ObjectIdentity,
} from 'src/controllers/garbage-collector/identity';
import { alternateOwnerIdentity, partitionDependents, referencesDiffs } from 'src/controllers/garbage-collector/owner-matching';
import type { KubeObject, OwnerReference } from 'src/registry/generic/object';

/**
 * One object in the dependency graph. A virtual node stands for an owner that dependents name
 * but no informer has shown yet; the collector asks the apiserver whether it exists.
 * Semantics: garbagecollector graph.go node.
 */
export class GraphNode {
  readonly dependents = new Set<GraphNode>();

  constructor(
    public identity: ObjectIdentity,
    public owners: OwnerReference[],
    public virtual: boolean,
    public beingDeleted = false,
    public deletingDependents = false,
  ) {}

  /** Dependents whose reference to this node has blockOwnerDeletion: true. */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((d) => d.owners.some((o) => o.uid === this.identity.uid && o.blockOwnerDeletion === true));
  }
}

/** What the graph asks of the collector while it processes changes. */
export interface GraphSink {
  /** Look at this node: it may be garbage, or an owner waiting for its dependents. */
  attemptToDelete(node: GraphNode): void;
  /** This owner waits for its dependents to be orphaned. */
  attemptToOrphan(node: GraphNode): void;
  /** `dependent` names an owner (by `ownerUid`) that lives in another namespace. */
  invalidOwnerNamespace(dependent: GraphNode, ownerUid: string): void;
}

/** An observed change: an informer event, or a virtual delete the collector concluded. */
export interface GraphEvent {
  type: 'add' | 'update' | 'delete';
  /** apiVersion and kind of the watched resource (objects are identified by these, not by their own fields). */
  apiVersion: string;
  kind: string;
  obj: KubeObject;
  old?: KubeObject;
  /** A delete the collector derived from a 404 (or uid mismatch), not an informer event. */
  virtual?: boolean;
}

/**
 * The owner/dependent graph keyed by uid, updated from informer events; it decides which nodes the
 * collector should look at, never talks to the apiserver itself.
 * Semantics: garbagecollector graph_builder.go processGraphChanges and helpers.
 */
export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();

  constructor(
    private readonly absent: AbsentOwnerCache,
    private readonly sink: GraphSink,
  ) {}

  /** The node with this uid. */
  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** How many nodes the graph holds. */
  get size(): number {
    return this.nodes.size;
  }

  /** Applies one change to the graph. */
  process(ev: GraphEvent): void {
    const observed = identityOf(ev);
    let existing = this.nodes.get(observed.uid);
    if (existing && !ev.virtual && existing.virtual) {
      if (!sameIdentity(observed, existing.identity)) {
        const [, suspicious] = partitionDependents([...existing.dependents], observed);
        for (const dep of suspicious) {
          if (observed.namespace && dep.identity.namespace !== observed.namespace) {
            this.sink.invalidOwnerNamespace(dep, observed.uid);
          }
          this.sink.attemptToDelete(dep);
        }
        existing.identity = observed;
      }
      existing.virtual = false;
    }
    if (ev.type === 'delete') {
      if (existing) {
        this.processDelete(ev, observed, existing);
      }
      return;
    }
    const owners = ev.obj.metadata.ownerReferences ?? [];
    if (!existing) {
      existing = new GraphNode(observed, owners, false, beingDeleted(ev.obj), beingDeleted(ev.obj) && hasFinalizer(ev.obj, FOREGROUND_FINALIZER));
      this.nodes.set(observed.uid, existing);
      this.addDependentToOwners(existing, owners);
      this.processTransitions(ev.old, ev.obj, existing);
      return;
    }
    if (!ev.virtual && (existing.identity.apiVersion !== ev.apiVersion || existing.identity.kind !== ev.kind)) {
      existing.identity = { ...existing.identity, apiVersion: ev.apiVersion, kind: ev.kind };
    }
    const { added, removed, changed } = referencesDiffs(existing.owners, owners);
    if (added.length + removed.length + changed.length > 0) {
      this.addUnblockedOwnersToDeleteQueue(removed, changed);
      existing.owners = owners;
      this.addDependentToOwners(existing, added);
      this.removeDependentFromOwners(existing, removed);
    }
    if (beingDeleted(ev.obj)) {
      existing.beingDeleted = true;
    }
    this.processTransitions(ev.old, ev.obj, existing);
  }

  private processDelete(ev: GraphEvent, deleted: ObjectIdentity, existing: GraphNode): void {
    if (ev.virtual) {
      if (existing.virtual) {
        const [matching, nonmatching] = partitionDependents([...existing.dependents], deleted);
        if (nonmatching.length > 0) {
          // Some dependents name this uid with other coordinates: keep the virtual node for them.
          if (matching.length > 0) {
            this.absent.add(deleted);
            matching.forEach((d) => this.sink.attemptToDelete(d));
          }
          if (sameIdentity(existing.identity, deleted)) {
            const alternate = alternateOwnerIdentity(nonmatching, deleted);
            if (alternate) {
              existing.identity = alternate;
              this.sink.attemptToDelete(existing);
            }
          }
          return;
        }
      } else if (!sameIdentity(existing.identity, deleted)) {
        const [matching] = partitionDependents([...existing.dependents], deleted);
        if (matching.length > 0) {
          this.absent.add(deleted);
          matching.forEach((d) => this.sink.attemptToDelete(d));
        }
        return;
      }
    }
    this.nodes.delete(existing.identity.uid);
    this.removeDependentFromOwners(existing, existing.owners);
    if (existing.dependents.size > 0) {
      this.absent.add(deleted);
    }
    existing.dependents.forEach((d) => this.sink.attemptToDelete(d));
    for (const ref of existing.owners) {
      const owner = this.nodes.get(ref.uid);
      if (owner?.deletingDependents) {
        this.sink.attemptToDelete(owner);
      }
    }
  }

  /**
   * Files `node` under each owner, creating virtual owners (and asking the collector to verify
   * them); a dependent whose refs look inconsistent with an observed owner is checked too.
   * Semantics: graph_builder.go addDependentToOwners.
   */
  private addDependentToOwners(node: GraphNode, owners: OwnerReference[]): void {
    let suspicious = false;
    for (const ref of owners) {
      let owner = this.nodes.get(ref.uid);
      if (!owner) {
        owner = new GraphNode(identityOfRef(ref, node.identity.namespace), [], true);
        this.nodes.set(ref.uid, owner);
        owner.dependents.add(node);
        this.sink.attemptToDelete(owner);
        continue;
      }
      owner.dependents.add(node);
      if (suspicious) {
        continue;
      }
      const ownerNamespaced = owner.identity.namespace !== '';
      if (ownerNamespaced && owner.identity.namespace !== node.identity.namespace) {
        if (!owner.virtual) {
          this.sink.invalidOwnerNamespace(node, ref.uid);
        }
        suspicious = true;
      } else if (!refMatchesCoordinates(ref, owner.identity)) {
        suspicious = true;
      } else if (!ownerNamespaced && owner.identity.namespace !== node.identity.namespace && owner.virtual) {
        suspicious = true;
      }
    }
    if (suspicious) {
      this.sink.attemptToDelete(node);
    }
  }

  private removeDependentFromOwners(node: GraphNode, owners: OwnerReference[]): void {
    for (const ref of owners) {
      this.nodes.get(ref.uid)?.dependents.delete(node);
    }
  }

  /** Owners a dependent stopped blocking (ref removed, or blockOwnerDeletion cleared) are looked at again. */
  private addUnblockedOwnersToDeleteQueue(removed: OwnerReference[], changed: { old: OwnerReference; next: OwnerReference }[]): void {
    const owners = [
      ...removed.filter((r) => r.blockOwnerDeletion === true).map((r) => r.uid),
      ...changed.filter((c) => c.old.blockOwnerDeletion === true && c.next.blockOwnerDeletion !== true).map((c) => c.next.uid),
    ];
    for (const uid of owners) {
      const owner = this.nodes.get(uid);
      if (owner) {
        this.sink.attemptToDelete(owner);
      }
    }
  }

  /** Starts orphaning or foreground deletion when an owner's deletion begins with the matching finalizer. */
  private processTransitions(old: KubeObject | undefined, obj: KubeObject, node: GraphNode): void {
    if (deletionStartsWithFinalizer(old, obj, ORPHAN_FINALIZER)) {
      this.sink.attemptToOrphan(node);
      return;
    }
    if (deletionStartsWithFinalizer(old, obj, FOREGROUND_FINALIZER)) {
      node.deletingDependents = true;
      node.dependents.forEach((d) => this.sink.attemptToDelete(d));
      this.sink.attemptToDelete(node);
    }
  }
}

/** The identity an event shows: the watched resource's apiVersion/kind and the object's metadata. */
function identityOf(ev: GraphEvent): ObjectIdentity {
  const m = ev.obj.metadata;
  return { apiVersion: ev.apiVersion, kind: ev.kind, name: m.name ?? '', uid: m.uid ?? '', namespace: m.namespace ?? '' };
}

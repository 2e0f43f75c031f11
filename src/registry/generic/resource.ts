import type { FieldError, KubeObject } from 'src/registry/generic/object';
import type { GenericStore } from 'src/registry/generic/store';

/** The verbs kube-apiserver advertises in discovery. */
export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** Every verb of a normal read-write resource, in discovery's order. */
export const ALL_VERBS: readonly Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** A function that pulls one selectable field's value out of an object (fieldSelector support). */
export type FieldGetter<T extends KubeObject = KubeObject> = (obj: T) => string | undefined;

/**
 * A subresource such as `status`, `scale`, `binding` or `finalize`.
 * `status` and `finalize` are handled by the generic store; others name a handler.
 */
export interface SubresourceDefinition {
  name: string;
  /** Kind served and accepted, when it differs from the parent's (e.g. Scale, Binding). */
  kind?: { group: string; version: string; kind: string };
  verbs: Verb[];
}

/** One column of a server-side printed Table (metav1.TableColumnDefinition). */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** `name` for the NAME column; otherwise usually ''. */
  format?: string;
  description: string;
  /** 0 shows always; 1 only with `-o wide`. */
  priority?: number;
}

/**
 * How `kubectl get` prints a resource: upstream's column set (pkg/printers/internalversion) and
 * a function computing one row's cells. `now` is the request time, for AGE-style cells.
 */
export interface TableDefinition<T extends KubeObject = KubeObject> {
  columns: TableColumn[];
  cells(obj: T, now: Date): unknown[];
}

/** Context given to strategy hooks: the request's namespace and the moment of the request. */
export interface StrategyContext {
  namespace?: string;
  now: Date;
  /**
   * Reads another object from this server's cache, by GroupResource string (`serviceaccounts`),
   * for hooks that act as admission plugins consulting other objects (a pod's ServiceAccount).
   * Like upstream's informer-backed listers it may miss a write made through another server a
   * moment ago; it always sees this server's own writes. Absent where no store is at hand (unit tests).
   */
  lookup?: (groupResource: string, namespace: string, name: string) => KubeObject | undefined;
}

/**
 * Everything that varies between resources. One value of this type per resource file
 * (`src/registry/<group>/<resource>.ts`); discovery, routing, storage keys, field selectors
 * and (later) printing all derive from it.
 *
 * Semantics: k8s.io/apiserver registry/rest RESTCreateStrategy / RESTUpdateStrategy.
 */
export interface ResourceDefinition<T extends KubeObject = KubeObject> {
  /** API group, `''` for the core group. */
  group: string;
  version: string;
  kind: string;
  /** Plural resource name used in URLs, e.g. `pods`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Verbs of the main resource; default ALL_VERBS. */
  verbs?: Verb[];
  subresources?: SubresourceDefinition[];
  /**
   * Whether the object carries metadata.generation (1 on create, +1 when anything outside
   * metadata and status changes). Upstream sets it only for some types (pods, workloads, jobs).
   */
  tracksGeneration?: boolean;
  /** Defaulting (SetDefaults_*), applied to every incoming object before the strategy. */
  defaults?(obj: T, ctx: StrategyContext): void;
  /** Clears or initialises server-owned fields on create (e.g. status). */
  prepareForCreate?(obj: T, ctx: StrategyContext): void;
  /** Reconciles a main-resource update with the stored object (status is restored generically). */
  prepareForUpdate?(obj: T, old: T, ctx: StrategyContext): void;
  /** Validation of a new object; return every error, not just the first. */
  validate?(obj: T, ctx: StrategyContext): FieldError[];
  /** Validation of an update, including immutability. */
  validateUpdate?(obj: T, old: T, ctx: StrategyContext): FieldError[];
  /**
   * Fields usable in fieldSelector beyond metadata.name and metadata.namespace
   * (which every resource has), e.g. `spec.nodeName` for pods.
   */
  selectableFields?: Record<string, FieldGetter<T>>;
  /** Rule for metadata.name (default: DNS-1123 subdomain); services use DNS-1035 labels, namespaces DNS-1123 labels. */
  nameValidator?: (name: string, prefix: boolean) => string[];
  /** Computed on create and never stored (access reviews, self reviews); only `create` is served. */
  virtual?: boolean;
  /** Server-side printing; absent means upstream's default (Name, Created At). */
  table?: TableDefinition<T>;
  /** DELETE answers with the object (pods, services ...) instead of a Success Status. */
  returnDeletedObject?: boolean;
  /** A PUT to a missing object creates it (upstream AllowCreateOnUpdate). */
  allowCreateOnUpdate?: boolean;
  /**
   * Grace period for a delete (pods: terminationGracePeriodSeconds, 0 when unscheduled);
   * 0 or absent deletes at once. `requested` is DeleteOptions.gracePeriodSeconds.
   * Semantics: k8s.io/apiserver registry/rest/delete.go BeforeDelete + CheckGracefulDelete.
   */
  gracePeriodSeconds?(obj: T, requested: number | undefined): number;
  /** Finalizers outside metadata.finalizers that keep a deleted object (namespaces: spec.finalizers). */
  hasPendingFinalizers?(obj: T): boolean;
  /** Marks an object whose deletion has started (namespaces: status.phase Terminating). */
  prepareForDelete?(obj: T): void;
  /** Admission of a DELETE: throws a Status error to refuse it (namespaces: the immortal ones). */
  admitDelete?(obj: T): void;
  /**
   * Metadata a `/status` write may change besides status (deployments keep annotation changes,
   * pods labels and annotations); everything else of the object is kept as stored.
   * Semantics: the resources' statusStrategy.PrepareForUpdate upstream.
   */
  statusUpdatesMetadata?: ('labels' | 'annotations')[];
  /**
   * A delete without propagationPolicy orphans the dependents (batch/v1 Jobs and v1
   * ReplicationControllers, for compatibility), instead of deleting them in the background.
   */
  orphanByDefault?: boolean;
}

/** What an allocator is told about the write it takes part in. */
export interface AllocationContext {
  /** The store, for allocators whose claims are API objects themselves (IPAddress). */
  store: GenericStore;
  /** Report conflicts as a real write would, but claim and release nothing. */
  dryRun: boolean;
}

/** The claims made for one write, settled once the write's outcome is known. */
export interface AllocationTxn {
  /** The write succeeded: carry out the releases deferred until now. */
  commit(): Promise<void>;
  /** The write failed: give back what was claimed for it. */
  revert(): Promise<void>;
}

/**
 * Values a resource's objects hold outside their own row, allocated by the server (a Service's
 * cluster IPs and node ports). The generic store calls it after validation and before the
 * write, settles its transaction with the write, and calls afterDelete once an object is gone.
 * Semantics: k8s.io/apiserver registry/generic/registry/store.go BeginCreate, BeginUpdate, AfterDelete.
 */
export interface ResourceAllocator {
  /** Claims what a new object needs and writes the allocated values into it. */
  beginCreate(obj: KubeObject, ctx: AllocationContext): Promise<AllocationTxn>;
  /** Claims what an updated object needs beyond `old`; what it no longer needs is released on commit. */
  beginUpdate(obj: KubeObject, old: KubeObject, ctx: AllocationContext): Promise<AllocationTxn>;
  /** Frees what a removed object held; never throws (a leak is left to the allocator's repair). */
  afterDelete(obj: KubeObject, ctx: AllocationContext): Promise<void>;
}

/** A registered resource with the names derived from its definition. */
export interface RegisteredResource<T extends KubeObject = KubeObject> extends ResourceDefinition<T> {
  /** `group/version`, or `version` for the core group. */
  apiVersion: string;
  listKind: string;
  /** GroupResource string used as the storage key: `pods`, `deployments.apps`. */
  groupResource: string;
  hasStatus: boolean;
}

/** Identity helper that gives a resource file type checking without ceremony. */
export function defineResource<T extends KubeObject = KubeObject>(def: ResourceDefinition<T>): ResourceDefinition<T> {
  return def;
}

/** Fills the derived names of a resource definition. */
export function register<T extends KubeObject>(def: ResourceDefinition<T>): RegisteredResource<T> {
  return {
    ...def,
    apiVersion: def.group ? `${def.group}/${def.version}` : def.version,
    listKind: `${def.kind}List`,
    groupResource: def.group ? `${def.plural}.${def.group}` : def.plural,
    hasStatus: (def.subresources ?? []).some((s) => s.name === 'status'),
  };
}

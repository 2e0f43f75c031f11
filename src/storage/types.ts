import type { Attrs } from 'src/storage/cache/watcher';
import type { KubeObject } from 'src/registry/generic/object';

/** Kind of a change, as watch events name it. */
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Numeric codes of EventType in the `events` table. */
export const EVENT_CODE: Record<EventType, number> = { ADDED: 1, MODIFIED: 2, DELETED: 3 };
/** EventType for each code of the `events` table. */
export const EVENT_TYPE: Record<number, EventType> = { 1: 'ADDED', 2: 'MODIFIED', 3: 'DELETED' };

/** Address of one stored object. Cluster-scoped objects have namespace ''. */
export interface ObjectKey {
  /** GroupResource string, e.g. `pods`, `deployments.apps`. */
  resource: string;
  namespace: string;
  name: string;
}

/** One committed change, in resourceVersion order. */
export interface ChangeEvent extends ObjectKey {
  rv: number;
  type: EventType;
  /** The object after the change (for DELETED: its last state, stamped with the deletion RV). */
  json: string;
  /** The object before the change (MODIFIED and DELETED), if known. */
  prevJson?: string;
  /** The parsed object when the writer still has it; saves a parse on the local fast path. */
  obj?: KubeObject;
  /** Selector attributes the writer computed (and stored), so the cache need not compute them again. */
  attrs?: Attrs;
}

/**
 * A write submitted to the group-commit writer. Each carries its own precondition, checked
 * against the committed row inside the batch transaction; a failed precondition fails only it.
 */
export type Mutation =
  | (ObjectKey & { op: 'create'; obj: KubeObject })
  | (ObjectKey & { op: 'update'; obj: KubeObject; expectRv: number; prevJson: string })
  | (ObjectKey & { op: 'delete'; obj: KubeObject; expectRv: number; prevJson: string });

/** Outcome of one mutation. `conflict` means the stored resourceVersion differs from expectRv. */
export type MutationResult =
  | { ok: true; rv: number; json: string }
  | { ok: false; reason: 'exists' | 'notfound' | 'conflict' };

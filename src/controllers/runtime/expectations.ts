/** How long unmet expectations are trusted before a controller acts anyway (client-go: 5 min). */
export const EXPECTATIONS_TTL_MS = 5 * 60 * 1000;

interface Expectation {
  adds: number;
  deletes: Set<string>;
  at: number;
}

/**
 * Expectations of a controller's own creates and deletes: after creating n pods, the informer
 * has not seen them yet, so the controller must not count them missing and create more. A key is
 * satisfied once its creations and deletions have been observed (or the expectation expired).
 * Semantics: kubernetes pkg/controller/controller_utils.go ControllerExpectations, UIDTrackingControllerExpectations.
 */
export class Expectations {
  private readonly byKey = new Map<string, Expectation>();

  constructor(private readonly ttlMs = EXPECTATIONS_TTL_MS) {}

  /** Records that `count` creations are about to be issued for the controller `key`. */
  expectCreations(key: string, count: number): void {
    const e = this.get(key);
    e.adds += count;
    e.at = Date.now();
  }

  /** Records deletions about to be issued, by the uid of each object. */
  expectDeletions(key: string, uids: string[]): void {
    const e = this.get(key);
    for (const u of uids) {
      e.deletes.add(u);
    }
    e.at = Date.now();
  }

  /** An expected object appeared in the informer (or its create failed). */
  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e && e.adds > 0) {
      e.adds--;
    }
  }

  /** An expected deletion was seen (or the delete failed). */
  deletionObserved(key: string, uid: string): void {
    this.byKey.get(key)?.deletes.delete(uid);
  }

  /** Whether the controller may trust its cache for `key` again. */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) {
      return true;
    }
    return (e.adds <= 0 && e.deletes.size === 0) || Date.now() - e.at > this.ttlMs;
  }

  /** Forgets a controller that was deleted. */
  delete(key: string): void {
    this.byKey.delete(key);
  }

  private get(key: string): Expectation {
    let e = this.byKey.get(key);
    if (!e) {
      this.byKey.set(key, (e = { adds: 0, deletes: new Set(), at: Date.now() }));
    }
    return e;
  }
}

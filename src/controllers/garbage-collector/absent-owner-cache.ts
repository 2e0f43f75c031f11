import { identityKey, type ObjectIdentity } from 'src/controllers/garbage-collector/identity';

/** Owners remembered as absent (upstream keeps 500). */
const DEFAULT_SIZE = 500;

/**
 * A small LRU of owner identities the apiserver confirmed absent, so dependents of one deleted
 * owner do not each GET it again. Semantics: garbagecollector uid_cache.go ReferenceCache.
 */
export class AbsentOwnerCache {
  private readonly entries = new Set<string>();

  constructor(private readonly size = DEFAULT_SIZE) {}

  /** Remembers an identity as absent. */
  add(id: ObjectIdentity): void {
    const key = identityKey(id);
    this.entries.delete(key);
    this.entries.add(key);
    if (this.entries.size > this.size) {
      this.entries.delete(this.entries.values().next().value as string);
    }
  }

  /** Whether an identity is known absent (refreshing its place in the LRU). */
  has(id: ObjectIdentity): boolean {
    const key = identityKey(id);
    if (!this.entries.has(key)) {
      return false;
    }
    this.entries.delete(key);
    this.entries.add(key);
    return true;
  }
}

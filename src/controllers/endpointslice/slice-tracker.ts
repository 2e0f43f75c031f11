import type { KubeObject } from 'src/registry/generic/object';
import { LABEL_SERVICE_NAME } from 'src/controllers/endpointslice/slice-endpoint';

// Semantics: kubernetes staging/src/k8s.io/endpointslice/util/endpointslice_tracker.go.

/** Generation recorded for a slice this controller deleted. */
const DELETION_EXPECTED = -1;

/** The `ns/service` key of a slice, from its service-name label. */
export function serviceKeyOfSlice(slice: KubeObject): string | undefined {
  const svc = slice.metadata.labels?.[LABEL_SERVICE_NAME];
  return svc ? `${slice.metadata.namespace}/${svc}` : undefined;
}

/**
 * Remembers the generation of every slice this controller wrote (or deleted), per Service, so
 * the controller can tell its own writes coming back through the informer from changes made by
 * others, and a cache that has not caught up with its writes yet.
 */
export class EndpointSliceTracker {
  private readonly byService = new Map<string, Map<string, number>>();

  private generations(slice: KubeObject, create: boolean): Map<string, number> | undefined {
    const key = serviceKeyOfSlice(slice);
    if (!key) {
      return undefined;
    }
    let gens = this.byService.get(key);
    if (!gens && create) {
      this.byService.set(key, (gens = new Map()));
    }
    return gens;
  }

  /** Whether the slice is tracked. */
  has(slice: KubeObject): boolean {
    return this.generations(slice, false)?.has(slice.metadata.uid!) ?? false;
  }

  /** Whether an informer event about this slice is news: not one of our own writes coming back. */
  shouldSync(slice: KubeObject): boolean {
    const g = this.generations(slice, false)?.get(slice.metadata.uid!);
    return g === undefined || (slice.metadata.generation ?? 0) > g;
  }

  /**
   * Whether the cached slices of a Service lag behind this controller's writes: an older
   * generation than written, a deleted slice still present, or a written one missing.
   */
  staleSlices(serviceKey: string, slices: KubeObject[]): boolean {
    const gens = this.byService.get(serviceKey);
    if (!gens) {
      return false;
    }
    const seen = new Set<string>();
    for (const s of slices) {
      seen.add(s.metadata.uid!);
      const g = gens.get(s.metadata.uid!);
      if (g !== undefined && (g === DELETION_EXPECTED || g > (s.metadata.generation ?? 0))) {
        return true;
      }
    }
    for (const [uid, g] of gens) {
      if (g !== DELETION_EXPECTED && !seen.has(uid)) {
        return true;
      }
    }
    return false;
  }

  /** Records a slice as written (created or updated) at its generation. */
  update(slice: KubeObject): void {
    this.generations(slice, true)?.set(slice.metadata.uid!, slice.metadata.generation ?? 0);
  }

  /** Records a slice as deleted by this controller. */
  expectDeletion(slice: KubeObject): void {
    this.generations(slice, true)?.set(slice.metadata.uid!, DELETION_EXPECTED);
  }

  /** Handles a slice deletion seen by the informer; false when it was not expected (someone else deleted it). */
  handleDeletion(slice: KubeObject): boolean {
    const gens = this.generations(slice, false);
    const g = gens?.get(slice.metadata.uid!);
    gens?.delete(slice.metadata.uid!);
    return g === undefined || g === DELETION_EXPECTED;
  }

  /** Forgets a deleted Service. */
  deleteService(serviceKey: string): void {
    this.byService.delete(serviceKey);
  }
}

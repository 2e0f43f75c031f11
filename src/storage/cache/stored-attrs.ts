import type { Attrs } from 'src/storage/cache/watcher';

/** Labels and fields of an object, as selectors read them. */
export type LabelsAndFields = Pick<Attrs, 'labels' | 'fields'>;

/**
 * Attributes as the writer stored them (ResourceCache.storedAttrs), if they parse and carry exactly
 * `fieldNames`, the fields this version of the resource selects on; else undefined (the caller
 * parses the object itself).
 */
export function fromStored(stored: string, fieldNames: Set<string>): LabelsAndFields | undefined {
  let s: { l?: Record<string, string>; f?: Record<string, string> } | null;
  try {
    s = JSON.parse(stored) as typeof s;
  } catch {
    return undefined;
  }
  const fields = s?.f;
  if (!fields) {
    return undefined;
  }
  let n = 0;
  for (const k in fields) {
    if (!fieldNames.has(k)) {
      return undefined;
    }
    n++;
  }
  return n === fieldNames.size ? { labels: s!.l, fields } : undefined;
}

/**
 * Selector attributes of an object loaded at start-up, kept as the string the writer stored
 * beside it and parsed on first use or when the cache, once serving, swaps in plain() (see
 * ResourceCache.settleLoaded). Parsing 100,000 of them before serving, with the garbage it made,
 * was about a tenth of a warm start. The namespace, which every namespaced read compares, is
 * there from the start.
 */
export class StoredAttrs implements Attrs {
  private parsed: LabelsAndFields | undefined;

  constructor(
    readonly namespace: string,
    private stored: string | null | undefined,
    private json: string | undefined,
    /** Parses the stored attributes, or the object itself when they do not fit this resource. */
    private readonly parse: (stored: string | null | undefined, json: string) => LabelsAndFields,
  ) {}

  /** The attributes as a plain object, for the cache to keep once it has time to parse them. */
  plain(): Attrs {
    const { labels, fields } = this.resolve();
    return { namespace: this.namespace, labels, fields };
  }

  get labels(): Record<string, string> | undefined {
    return this.resolve().labels;
  }

  get fields(): Record<string, string> {
    return this.resolve().fields;
  }

  private resolve(): LabelsAndFields {
    if (!this.parsed) {
      this.parsed = this.parse(this.stored, this.json!);
      this.stored = undefined;
      this.json = undefined;
    }
    return this.parsed;
  }
}

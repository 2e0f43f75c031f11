import {
  comparePathElements,
  displayPath,
  parsePathElement,
  PathElementError,
  serializePathElement,
  type Path,
  type PathElement,
} from 'src/registry/generic/managed-fields/path';

// Semantics: sigs.k8s.io/structured-merge-diff fieldpath/set.go and fieldpath/serialize.go.

/** The fieldsV1 wire form of a field set: nested objects keyed by `f:`/`k:`/`v:`/`i:` and `.`. */
export type FieldsV1 = { [key: string]: FieldsV1 };

interface Child {
  pe: PathElement;
  set: FieldSet;
}

/**
 * A set of field paths, stored as a tree. A path is a member when the field itself is owned;
 * a child node only says that something below it is. Parents are never implied: owning
 * `.spec.replicas` does not own `.spec`.
 */
export class FieldSet {
  private decodedMembers = new Map<string, PathElement>();
  private decodedChildren = new Map<string, Child>();
  /** The canonical fieldsV1 this set was read from, which toFieldsV1 returns as it is. */
  private source?: FieldsV1;
  /** Canonical fieldsV1 not decoded yet: decoded on first use of the maps below. */
  private pending?: FieldsV1;

  private get members(): Map<string, PathElement> {
    if (this.pending) {
      this.decode();
    }
    return this.decodedMembers;
  }

  private get children(): Map<string, Child> {
    if (this.pending) {
      this.decode();
    }
    return this.decodedChildren;
  }

  private decode(): void {
    // A malformed key throws here, and again at every later use: the set never passes for empty.
    const set = readV1(this.pending!).set;
    this.pending = undefined;
    if (set) {
      this.decodedMembers = set.decodedMembers;
      this.decodedChildren = set.decodedChildren;
    }
  }

  /** A set holding exactly the given paths. */
  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) {
      s.insert(p);
    }
    return s;
  }

  /** Adds one path (the empty path, the whole object, is never tracked). */
  insert(path: Path): void {
    if (path.length === 0) {
      return;
    }
    this.source = undefined;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let node: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) {
      const key = serializePathElement(path[i]);
      let c = node.children.get(key);
      if (!c) {
        c = { pe: path[i], set: new FieldSet() };
        node.children.set(key, c);
      }
      node = c.set;
    }
    const last = path[path.length - 1];
    node.members.set(serializePathElement(last), last);
  }

  /** Whether the path is a member. */
  has(path: Path): boolean {
    if (path.length === 0) {
      return false;
    }
    const key = serializePathElement(path[0]);
    if (path.length === 1) {
      return this.members.has(key);
    }
    return this.children.get(key)?.set.has(path.slice(1)) ?? false;
  }

  /** Whether the element is a member at this level. */
  hasMember(pe: PathElement): boolean {
    return this.members.has(serializePathElement(pe));
  }

  /** Whether no path is a member. */
  isEmpty(): boolean {
    if (this.pending) {
      // A canonical encoding is {} exactly when its set is empty.
      return Object.keys(this.pending).length === 0;
    }
    if (this.members.size > 0) {
      return false;
    }
    for (const c of this.children.values()) {
      if (!c.set.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** The paths below `pe`, without the prefix (shared, do not mutate). */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(serializePathElement(pe))?.set ?? EMPTY;
  }

  /** The members at this level, in upstream order. */
  memberElements(): PathElement[] {
    return [...this.members.values()].sort(comparePathElements);
  }

  /** The child nodes at this level, in upstream order. */
  childEntries(): Child[] {
    return [...this.children.values()].sort((a, b) => comparePathElements(a.pe, b.pe));
  }

  /** Paths in either set. */
  union(o: FieldSet): FieldSet {
    const out = this.copyMembers();
    for (const [k, pe] of o.members) {
      out.members.set(k, pe);
    }
    for (const [k, c] of this.children) {
      const other = o.children.get(k);
      out.children.set(k, other ? { pe: c.pe, set: c.set.union(other.set) } : c);
    }
    for (const [k, c] of o.children) {
      if (!out.children.has(k)) {
        out.children.set(k, c);
      }
    }
    return out;
  }

  /** Whether every member of `o` is a member of this set (then `this.union(o)` is this set). */
  covers(o: FieldSet): boolean {
    for (const k of o.members.keys()) {
      if (!this.members.has(k)) {
        return false;
      }
    }
    for (const [k, c] of o.children) {
      const mine = this.children.get(k);
      if (mine ? !mine.set.covers(c.set) : !c.set.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether some path is a member of both sets (`!this.intersection(o).isEmpty()`), answered
   * without building the intersection, and without decoding a set read with
   * fromCanonicalFieldsV1: an update asks this of every manager, and most share nothing with it.
   */
  intersects(o: FieldSet): boolean {
    if (this.pending) {
      return FieldSet.v1Intersects(this.pending, o);
    }
    for (const k of o.members.keys()) {
      if (this.members.has(k)) {
        return true;
      }
    }
    for (const [k, c] of o.children) {
      const mine = this.children.get(k);
      if (mine && mine.set.intersects(c.set)) {
        return true;
      }
    }
    return false;
  }

  /** intersects against canonical fieldsV1, where a key is a member when it is a leaf or has ".". */
  private static v1Intersects(v1: FieldsV1, o: FieldSet): boolean {
    for (const k of o.members.keys()) {
      const below = ownEntry(v1, k);
      if (below && (below['.'] !== undefined || Object.keys(below).length === 0)) {
        return true;
      }
    }
    for (const [k, c] of o.children) {
      const below = ownEntry(v1, k);
      if (below && FieldSet.v1Intersects(below, c.set)) {
        return true;
      }
    }
    return false;
  }

  /** Paths in both sets. */
  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) {
      if (o.members.has(k)) {
        out.members.set(k, pe);
      }
    }
    for (const [k, c] of this.children) {
      const other = o.children.get(k);
      if (other) {
        out.addChild(k, c.pe, c.set.intersection(other.set));
      }
    }
    return out;
  }

  /** Paths in this set and not in `o`; a member of `o` does not remove paths below it. */
  difference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) {
      if (!o.members.has(k)) {
        out.members.set(k, pe);
      }
    }
    for (const [k, c] of this.children) {
      const other = o.children.get(k);
      out.addChild(k, c.pe, other ? c.set.difference(other.set) : c.set);
    }
    return out;
  }

  /** Like difference, but a member of `o` also removes everything below it. */
  recursiveDifference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) {
      if (!o.members.has(k)) {
        out.members.set(k, pe);
      }
    }
    for (const [k, c] of this.children) {
      if (o.members.has(k)) {
        continue;
      }
      const other = o.children.get(k);
      out.addChild(k, c.pe, other ? c.set.recursiveDifference(other.set) : c.set);
    }
    return out;
  }

  /** Every member path, depth first, members of a level before its children (Set.Iterate). */
  paths(prefix: Path = []): Path[] {
    const out: Path[] = this.memberElements().map((pe) => [...prefix, pe]);
    for (const c of this.childEntries()) {
      out.push(...c.set.paths([...prefix, c.pe]));
    }
    return out;
  }

  /** The member paths as upstream prints them, one string each. */
  toStrings(): string[] {
    return this.paths().map(displayPath);
  }

  /**
   * The fieldsV1 encoding, keys in upstream's order (Set.ToJSON). For a set read with
   * fromCanonicalFieldsV1 that is the object it was read from (not a copy: never change it).
   */
  toFieldsV1(): FieldsV1 {
    return this.source ?? this.emit(false);
  }

  /**
   * fromFieldsV1 for fieldsV1 that toFieldsV1 wrote (managed fields as kubepg stored them). The
   * set is decoded when first used, and encoding it again hands back `json` itself: an update
   * decodes and re-encodes every manager of the object, and most of them are not touched. Being
   * canonical, `json` is not checked until it is decoded (a malformed key throws then).
   */
  static fromCanonicalFieldsV1(json: unknown): FieldSet {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      return FieldSet.fromFieldsV1(json);
    }
    const set = new FieldSet();
    set.pending = json as FieldsV1;
    set.source = json as FieldsV1;
    return set;
  }

  /** Decodes fieldsV1; unknown element kinds are skipped, malformed keys throw. */
  static fromFieldsV1(json: unknown): FieldSet {
    if (json === null || json === undefined) {
      return new FieldSet();
    }
    return readV1(json).set ?? new FieldSet();
  }

  private emit(includeSelf: boolean): FieldsV1 {
    const out: FieldsV1 = {};
    if (includeSelf && !this.isEmpty()) {
      out['.'] = {};
    }
    const keys = new Map<string, PathElement>(this.members);
    for (const [k, c] of this.children) {
      keys.set(k, c.pe);
    }
    const sorted = [...keys.entries()].sort((a, b) => comparePathElements(a[1], b[1]));
    for (const [k] of sorted) {
      const child = this.children.get(k);
      out[k] = child ? child.set.emit(this.members.has(k)) : {};
    }
    return out;
  }

  private copyMembers(): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) {
      out.members.set(k, pe);
    }
    return out;
  }

  private addChild(k: string, pe: PathElement, set: FieldSet): void {
    if (!set.isEmpty()) {
      this.children.set(k, { pe, set });
    }
  }

  /** Builds a node from already-decoded parts (used by the fieldsV1 reader). */
  static node(members: Map<string, PathElement>, children: Map<string, Child>): FieldSet {
    const s = new FieldSet();
    s.decodedMembers = members;
    for (const [k, c] of children) {
      s.addChild(k, c.pe, c.set);
    }
    return s;
  }
}

const EMPTY = new FieldSet();

/** The object under `key` of a fieldsV1 level, if it has one as its own property. */
function ownEntry(v1: FieldsV1, key: string): FieldsV1 | undefined {
  const v = Object.prototype.hasOwnProperty.call(v1, key) ? v1[key] : undefined;
  return v !== null && typeof v === 'object' ? v : undefined;
}

/** Reads one fieldsV1 level: the set below it, and whether the level itself is a member. */
function readV1(json: unknown): { set?: FieldSet; isMember: boolean } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new PathElementError('fieldsV1 must be a JSON object');
  }
  const members = new Map<string, PathElement>();
  const children = new Map<string, Child>();
  let isMember = false;
  let any = false;
  for (const [key, value] of Object.entries(json)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    const pe = parsePathElement(key);
    if (!pe) {
      continue;
    }
    const canonical = serializePathElement(pe);
    const below = readV1(value);
    if (below.isMember) {
      members.set(canonical, pe);
      any = true;
    }
    if (below.set) {
      children.set(canonical, { pe, set: below.set });
      any = true;
    }
  }
  if (!any) {
    return { isMember: true };
  }
  return { set: FieldSet.node(members, children), isMember };
}

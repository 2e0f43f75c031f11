import { FieldSet } from 'src/registry/generic/managed-fields/field-set';
import { goJson } from 'src/registry/generic/managed-fields/go-json';
import { compareStrings, fieldElement, type Path } from 'src/registry/generic/managed-fields/path';
import type { ManagedFieldsEntry, ManagedFieldsOperation } from 'src/registry/generic/managed-fields/types';

// Semantics: k8s.io/apimachinery pkg/util/managedfields/internal managedfields.go (decode, encode,
// sort, BuildManagerIdentifier), stripmeta.go and capmanagers.go.

/** One manager's entry while it is being worked on: who, how, when, and the fields it owns. */
export interface ManagerSet {
  manager: string;
  operation: ManagedFieldsOperation;
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Every manager of an object, keyed by manager identifier. */
export type Managers = Map<string, ManagerSet>;

/** Thrown when stored managedFields cannot be decoded. */
export class ManagedFieldsDecodeError extends Error {}

/**
 * A manager's identity: name, operation, subresource and (for updates only) apiVersion, as the
 * JSON upstream uses as the map key. An applier keeps one entry whatever version it applies.
 */
export function managerIdentifier(m: Pick<ManagerSet, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const parts = [];
  if (m.manager) {
    parts.push(`"manager":${goJson(m.manager)}`);
  }
  parts.push(`"operation":${goJson(m.operation)}`);
  if (m.operation === 'Update' && m.apiVersion) {
    parts.push(`"apiVersion":${goJson(m.apiVersion)}`);
  }
  if (m.subresource) {
    parts.push(`"subresource":${goJson(m.subresource)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Decodes metadata.managedFields; throws ManagedFieldsDecodeError on an invalid entry. With
 * `canonical` (managed fields kubepg stored itself), each set keeps its fieldsV1 for re-encoding.
 */
export function decodeManagedFields(entries: unknown, canonical = false): Managers {
  const out: Managers = new Map();
  if (entries === undefined || entries === null) {
    return out;
  }
  if (!Array.isArray(entries)) {
    throw new ManagedFieldsDecodeError('managedFields must be a list');
  }
  entries.forEach((raw: unknown, i) => {
    const e = (raw ?? {}) as Partial<Record<keyof ManagedFieldsEntry, unknown>>;
    if (e.operation !== 'Apply' && e.operation !== 'Update') {
      throw new ManagedFieldsDecodeError('operation must be `Apply` or `Update`');
    }
    if (typeof e.apiVersion !== 'string' || e.apiVersion === '') {
      throw new ManagedFieldsDecodeError('apiVersion must not be empty');
    }
    if (e.fieldsType === undefined || e.fieldsType === '') {
      throw new ManagedFieldsDecodeError(`missing fieldsType in managed fields entry ${i}`);
    }
    if (e.fieldsType !== 'FieldsV1') {
      throw new ManagedFieldsDecodeError(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    }
    let set: FieldSet;
    try {
      set = canonical ? FieldSet.fromCanonicalFieldsV1(e.fieldsV1) : FieldSet.fromFieldsV1(e.fieldsV1);
    } catch (err) {
      throw new ManagedFieldsDecodeError(`error decoding set: ${(err as Error).message}`);
    }
    const m: ManagerSet = {
      manager: typeof e.manager === 'string' ? e.manager : '',
      operation: e.operation,
      apiVersion: e.apiVersion,
      set,
    };
    if (typeof e.subresource === 'string' && e.subresource) {
      m.subresource = e.subresource;
    }
    if (typeof e.time === 'string' && e.time) {
      m.time = e.time;
    }
    out.set(managerIdentifier(m), m);
  });
  return out;
}

function seconds(time: string | undefined): number {
  const t = time ? Date.parse(time) : NaN;
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}

/**
 * Encodes managers into metadata.managedFields, sorted as upstream sorts them: Apply before
 * Update, then oldest first, then by manager, apiVersion and subresource.
 */
export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const entries = [...managers.values()].map((m): ManagedFieldsEntry => ({
    ...(m.manager ? { manager: m.manager } : {}),
    operation: m.operation,
    apiVersion: m.apiVersion,
    ...(m.time ? { time: m.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: m.set.toFieldsV1(),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  }));
  return entries.sort(
    (p, q) =>
      compareStrings(p.operation, q.operation) ||
      Math.sign(seconds(p.time) - seconds(q.time)) ||
      compareStrings(p.manager ?? '', q.manager ?? '') ||
      compareStrings(p.apiVersion, q.apiVersion) ||
      compareStrings(p.subresource ?? '', q.subresource ?? ''),
  );
}

/** A copy of the managers whose sets can be replaced without touching the original. */
export function cloneManagers(managers: Managers): Managers {
  return new Map([...managers].map(([k, m]) => [k, { ...m }]));
}

/** Whether a request asks to clear managedFields: `[]` or `[{}]`. */
export function isResetManagedFields(v: unknown): boolean {
  if (!Array.isArray(v)) {
    return false;
  }
  if (v.length === 0) {
    return true;
  }
  const e = v[0] as unknown;
  return v.length === 1 && e !== null && typeof e === 'object' && Object.values(e).every((x) => x === undefined || x === null || x === '');
}

const META_PATHS: Path[] = [
  ['apiVersion'],
  ['kind'],
  ['metadata'],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => ['metadata', f]),
].map((p) => p.map(fieldElement));

/** Type and server-owned metadata fields, which no manager ever owns. */
const STRIP = FieldSet.of(...META_PATHS);

/** Removes type and server-owned metadata from one manager's set, dropping it if it becomes empty. */
export function stripMeta(managers: Managers, id: string): void {
  const m = managers.get(id);
  if (!m) {
    return;
  }
  const set = m.set.difference(STRIP);
  if (set.isEmpty()) {
    managers.delete(id);
  } else {
    managers.set(id, { ...m, set });
  }
}

/** How many Update entries an object keeps before the oldest are merged (DefaultMaxUpdateManagers). */
export const MAX_UPDATE_MANAGERS = 10;

/**
 * Merges the oldest Update entries into per-apiVersion `ancient-changes` entries until at most
 * `max` Update entries remain.
 */
export function capUpdateManagers(managers: Managers, max = MAX_UPDATE_MANAGERS): void {
  const updaters = [...managers].filter(([, m]) => m.operation === 'Update').map(([id]) => id);
  if (updaters.length <= max) {
    return;
  }
  updaters.sort((a, b) => Math.sign(seconds(managers.get(a)!.time) - seconds(managers.get(b)!.time)) || compareStrings(a, b));
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i];
    const m = managers.get(id)!;
    const first = firstOfVersion.get(m.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(m.apiVersion, id);
      continue;
    }
    const bucket: Omit<ManagerSet, 'set' | 'time'> = { manager: 'ancient-changes', operation: 'Update', apiVersion: m.apiVersion };
    const bucketId = managerIdentifier(bucket);
    if (!managers.has(bucketId)) {
      const firstSet = managers.get(first)!;
      managers.delete(first);
      managers.set(bucketId, { ...bucket, set: firstSet.set });
    }
    managers.set(bucketId, { ...bucket, set: m.set.union(managers.get(bucketId)!.set), time: m.time });
    managers.delete(id);
    length--;
  }
}

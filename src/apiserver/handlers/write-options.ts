import { param, type Query } from 'src/apiserver/list-options';
import { invalid } from 'src/apiserver/status';
import { managerName } from 'src/registry/generic/field-manager';
import type { WriteOptions } from 'src/registry/generic/store';

/**
 * Parses the query parameters every mutating verb shares. dryRun accepts only "All", as upstream;
 * fieldManager and fieldValidation are accepted and checked for well-formedness.
 */
export function writeOptions(q: Query, kind = 'CreateOptions', userAgent?: string): WriteOptions {
  const raw = q.dryRun;
  const dry = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  for (const d of dry) {
    if (d !== 'All') {
      throw invalid(kind, 'meta.k8s.io', '', [{ type: 'FieldValueNotSupported', field: 'dryRun', value: d, detail: 'supported values: "All"' }]);
    }
  }
  const fv = param(q, 'fieldValidation');
  if (fv !== undefined && fv !== '' && !['Ignore', 'Warn', 'Strict'].includes(fv)) {
    throw invalid(kind, 'meta.k8s.io', '', [{ type: 'FieldValueNotSupported', field: 'fieldValidation', value: fv, detail: 'supported values: "Ignore", "Strict", "Warn"' }]);
  }
  const fm = param(q, 'fieldManager');
  if (fm !== undefined && fm.length > 128) {
    throw invalid(kind, 'meta.k8s.io', '', [{ type: 'FieldValueTooLong', field: 'fieldManager', value: fm, detail: 'may not be more than 128 characters' }]);
  }
  return { dryRun: dry.length > 0, fieldValidation: (fv || undefined) as WriteOptions['fieldValidation'], warnings: [], manager: managerName(fm, userAgent) };
}

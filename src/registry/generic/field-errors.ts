import type { FieldError } from 'src/registry/generic/object';

// Semantics: k8s.io/apimachinery pkg/util/validation/field/errors.go (Invalid, Required, Forbidden,
// Duplicate, NotSupported, TooLong): how each kind of validation failure is reported.

/** field.Invalid: `<field>: Invalid value: <value>: <detail>`. */
export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}

/** field.Required: `<field>: Required value[: <detail>]`. */
export function required(field: string, detail = ''): FieldError {
  return detail ? { type: 'FieldValueRequired', field, detail } : { type: 'FieldValueRequired', field };
}

/** field.Forbidden: `<field>: Forbidden: <detail>`. */
export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

/** field.Duplicate: `<field>: Duplicate value: <value>`. */
export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, value };
}

/** field.NotSupported: `<field>: Unsupported value: <value>: supported values: "a", "b"`. */
export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const detail = supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '';
  return detail ? { type: 'FieldValueNotSupported', field, value, detail } : { type: 'FieldValueNotSupported', field, value };
}

/** field.TooLong: `<field>: Too long: may not be more than <n> bytes` (the value is omitted). */
export function tooLong(field: string, maxLength: number): FieldError {
  return { type: 'FieldValueTooLong', field, detail: `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` };
}


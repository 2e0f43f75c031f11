import type { TableColumn } from 'src/registry/generic/resource';

// Semantics: kubernetes pkg/printers/internalversion/printers.go AddHandlers, whose Name and Age
// columns describe themselves with metav1.ObjectMeta{}.SwaggerDoc()["name"] / ["creationTimestamp"].

/** The NAME column every printed resource starts with (format `name`, as kubectl expects). */
export const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
};

/** The AGE column: the object's age as a human duration (a string cell, not a date). */
export const AGE_COLUMN: TableColumn = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
};

/** A string column shown by default. */
export function column(name: string, description: string, type: TableColumn['type'] = 'string'): TableColumn {
  return { name, type, description };
}

/** A string column shown only with `-o wide` (priority 1). */
export function wideColumn(name: string, description: string, type: TableColumn['type'] = 'string'): TableColumn {
  return { name, type, description, priority: 1 };
}

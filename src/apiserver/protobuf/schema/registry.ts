import { parseField } from 'src/apiserver/protobuf/schema/notation';
import type { AdapterName, FieldSchema, PackageTable } from 'src/apiserver/protobuf/schema/notation';
import { appsV1 } from 'src/apiserver/protobuf/schema/apps-v1';
import { authenticationV1 } from 'src/apiserver/protobuf/schema/authentication-v1';
import { authorizationV1 } from 'src/apiserver/protobuf/schema/authorization-v1';
import { autoscalingV1 } from 'src/apiserver/protobuf/schema/autoscaling-v1';
import { batchV1 } from 'src/apiserver/protobuf/schema/batch-v1';
import { coordinationV1 } from 'src/apiserver/protobuf/schema/coordination-v1';
import { coreV1Config } from 'src/apiserver/protobuf/schema/core-v1-config';
import { coreV1Container } from 'src/apiserver/protobuf/schema/core-v1-container';
import { coreV1Node } from 'src/apiserver/protobuf/schema/core-v1-node';
import { coreV1Persistentvolume } from 'src/apiserver/protobuf/schema/core-v1-persistentvolume';
import { coreV1Pod } from 'src/apiserver/protobuf/schema/core-v1-pod';
import { coreV1Service } from 'src/apiserver/protobuf/schema/core-v1-service';
import { coreV1Volume } from 'src/apiserver/protobuf/schema/core-v1-volume';
import { discoveryV1 } from 'src/apiserver/protobuf/schema/discovery-v1';
import { eventsV1 } from 'src/apiserver/protobuf/schema/events-v1';
import { intstr } from 'src/apiserver/protobuf/schema/intstr';
import { metaV1 } from 'src/apiserver/protobuf/schema/meta-v1';
import { networkingV1 } from 'src/apiserver/protobuf/schema/networking-v1';
import { policyV1 } from 'src/apiserver/protobuf/schema/policy-v1';
import { resource } from 'src/apiserver/protobuf/schema/resource';
import { rbacV1 } from 'src/apiserver/protobuf/schema/rbac-v1';
import { runtime } from 'src/apiserver/protobuf/schema/runtime';
import { schedulingV1 } from 'src/apiserver/protobuf/schema/scheduling-v1';

/** Every package table; adding a group means adding its table here. */
export const TABLES: readonly PackageTable[] = [
  metaV1,
  runtime,
  intstr,
  resource,
  coreV1Volume,
  coreV1Persistentvolume,
  coreV1Container,
  coreV1Pod,
  coreV1Service,
  coreV1Node,
  coreV1Config,
  appsV1,
  coordinationV1,
  discoveryV1,
  eventsV1,
  batchV1,
  rbacV1,
  networkingV1,
  policyV1,
  schedulingV1,
  authenticationV1,
  authorizationV1,
  autoscalingV1,
];

/** A compiled message: fields in Go declaration order, and an index from field number to position. */
export interface MessageSchema {
  /** Fully qualified, e.g. `core.v1.ConfigMap`. */
  name: string;
  adapter?: AdapterName;
  fields: FieldSchema[];
  indexByNumber: Map<number, number>;
}

/** Compiles the tables, checking every reference and number; a mistake in a table fails at load. */
export function compileTables(tables: readonly PackageTable[]): { messages: Map<string, MessageSchema>; kinds: Map<string, string> } {
  const messages = new Map<string, MessageSchema>();
  const kinds = new Map<string, string>();
  for (const table of tables) {
    for (const [name, entry] of Object.entries(table.messages)) {
      const full = `${table.package}.${name}`;
      if (messages.has(full)) {
        throw new Error(`protobuf schema: message ${full} is defined twice`);
      }
      const specs = Array.isArray(entry) ? entry : entry.fields;
      const fields = specs.map((spec) => parseField(spec, table.package));
      const indexByNumber = new Map<number, number>();
      const jsonNames = new Set<string>();
      fields.forEach((f, i) => {
        if (indexByNumber.has(f.num) || (f.json !== '' && jsonNames.has(f.json))) {
          throw new Error(`protobuf schema: ${full} repeats field ${f.num} or "${f.json}"`);
        }
        indexByNumber.set(f.num, i);
        jsonNames.add(f.json);
      });
      messages.set(full, { name: full, adapter: Array.isArray(entry) ? undefined : entry.adapter, fields, indexByNumber });
    }
    for (const kind of table.kinds) {
      if (!table.apiVersion) {
        throw new Error(`protobuf schema: package ${table.package} lists kinds but no apiVersion`);
      }
      kinds.set(`${table.apiVersion}/${kind}`, `${table.package}.${kind}`);
    }
    for (const kind of table.anyVersionKinds ?? []) {
      kinds.set(`*/${kind}`, `${table.package}.${kind}`);
    }
  }
  for (const msg of messages.values()) {
    for (const f of msg.fields) {
      if (f.message && !messages.has(f.message)) {
        throw new Error(`protobuf schema: ${msg.name}.${f.json || '(inline)'} refers to unknown message ${f.message}`);
      }
    }
  }
  for (const [kind, name] of kinds) {
    if (!messages.has(name)) {
      throw new Error(`protobuf schema: kind ${kind} has no message ${name}`);
    }
  }
  return { messages, kinds };
}

const COMPILED = compileTables(TABLES);

/** The compiled message with this fully qualified name; a missing name is a bug in the codec. */
export function messageNamed(name: string): MessageSchema {
  const msg = COMPILED.messages.get(name);
  if (!msg) {
    throw new Error(`protobuf schema: no message ${name}`);
  }
  return msg;
}

/** The message of a top-level kind at an apiVersion, if we have one. */
export function messageForKind(apiVersion: string, kind: string): MessageSchema | undefined {
  const name = COMPILED.kinds.get(`${apiVersion}/${kind}`) ?? COMPILED.kinds.get(`*/${kind}`);
  return name === undefined ? undefined : COMPILED.messages.get(name);
}

/** Every apiVersion/kind pair with a schema (kinds accepted under any version are listed as `*`). */
export function servedKinds(): Array<{ apiVersion: string; kind: string }> {
  return [...COMPILED.kinds.keys()].map((key) => {
    const at = key.lastIndexOf('/');
    return { apiVersion: key.slice(0, at), kind: key.slice(at + 1) };
  });
}

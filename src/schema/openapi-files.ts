import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from 'src/package-root';

// Where the generated OpenAPI documents are committed and how they are written: the one place the
// generator (src/apiserver/openapi/generate.main.ts), the drift test, the server
// (src/apiserver/openapi/openapi-v3.ts) and the runtime schema (src/schema/schema.ts) agree on.

/** The committed `openapi/` folder at the package root (from src/ or from dist/src/). */
export const OPENAPI_FOLDER = path.join(packageRoot(), 'openapi');

/** `apis/apps/v1` → `v3/apis__apps__v1_openapi.json` (upstream's api/openapi-spec naming). */
export function v3FileName(groupVersionKey: string): string {
  return path.join('v3', `${groupVersionKey.split('/').join('__')}_openapi.json`);
}

/** The Swagger 2.0 document's file. */
export const V2_FILE = path.join('v2', 'swagger.json');

/** A value with every object's keys sorted, recursively (arrays keep their order). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/** The committed text of a document: sorted keys, two-space indent, trailing newline. */
export function documentText(doc: unknown): string {
  return `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
}

/** The committed OpenAPI v3 documents, keyed `api/v1`, `apis/apps/v1` ... (file text as committed). */
export function readCommittedV3(folder = OPENAPI_FOLDER): Map<string, string> {
  const dir = path.join(folder, 'v3');
  const out = new Map<string, string>();
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    const m = /^(.+)_openapi\.json$/.exec(file);
    if (m) {
      out.set(m[1].split('__').join('/'), fs.readFileSync(path.join(dir, file), 'utf8'));
    }
  }
  return out;
}

/** The committed Swagger 2.0 document's text, if any. */
export function readCommittedV2(folder = OPENAPI_FOLDER): string | undefined {
  const file = path.join(folder, V2_FILE);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

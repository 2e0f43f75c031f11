import * as fs from 'node:fs';
import * as path from 'node:path';

// Build-time only: @kubernetes/client-node is a devDependency. The generated model and API files
// it ships are read as text (the package is ESM-only, and all we need is the metadata the
// OpenAPI generator wrote into them), never imported.

/** One property of a client-node model, as listed in its `attributeTypeMap`. */
export interface ModelAttribute {
  /** TypeScript property name. */
  name: string;
  /** Wire (JSON) name. */
  baseName: string;
  /** TypeScript-ish type: `string`, `number`, `Date`, `IntOrString`, `any`, `Array<V1Container>`, `{ [key: string]: string; }`, a model class name. */
  type: string;
  /** OpenAPI format: `int32`, `int64`, `double`, `byte`, `date-time`, `date-time-micro` or empty. */
  format: string;
  /** JSDoc of the property in the `.d.ts`, unescaped. */
  description?: string;
  /** Whether the `.d.ts` declares the property without `?`. */
  required: boolean;
}

/** A client-node model class, e.g. `V1DeploymentSpec`. */
export interface ModelClass {
  className: string;
  description?: string;
  attributes: ModelAttribute[];
}

/** A path or query parameter of an API operation. */
export interface ApiParameter {
  name: string;
  in: 'path' | 'query';
  /** `string`, `boolean` or `integer` (every numeric query parameter of the API is an integer). */
  type: 'string' | 'boolean' | 'integer';
  description?: string;
}

/** One operation of a generated API class, e.g. AppsV1Api.listNamespacedDeployment. */
export interface ApiOperation {
  /** Method name, e.g. `listNamespacedDeployment`. */
  method: string;
  httpMethod: string;
  path: string;
  /** Model class of the request body, if any. */
  bodyType?: string;
  /** Model class (or `string`) of the 200 response. */
  returnType?: string;
  description?: string;
  params: ApiParameter[];
}

/** Directory of the generated client in the installed @kubernetes/client-node. */
export function clientNodeGenDir(): string {
  return path.join(path.dirname(require.resolve('@kubernetes/client-node/package.json')), 'dist', 'gen');
}

/** Undoes the escaping openapi-generator applies to descriptions in JSDoc. */
function unescapeDoc(text: string): string {
  return text
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\\(["'\\])/g, '$1')
    .trim();
}

/** The text of a `/** ... *\/` block without the comment markers. */
function docText(block: string): string {
  return unescapeDoc(
    block
      .split('\n')
      .map((l) => l.replace(/^\s*\*\s?/, '').trimEnd())
      .filter((l) => l !== '')
      .join(' '),
  );
}

/** Class and property JSDoc plus optional markers from a model's `.d.ts`. */
function readDeclaration(dts: string): { description?: string; props: Map<string, { description?: string; required: boolean }> } {
  const props = new Map<string, { description?: string; required: boolean }>();
  const classMatch = /(?:\/\*\*\n((?:(?!\*\/)[\s\S])*?)\*\/\n)?export declare class \w+ \{/.exec(dts);
  const body = classMatch ? dts.slice(classMatch.index + classMatch[0].length) : '';
  const propRe = /(?:\/\*\*\n((?:(?!\*\/)[\s\S])*?)\s*\*\/\n)?\s*'([^']+)'(\?)?: /g;
  for (let m = propRe.exec(body); m; m = propRe.exec(body)) {
    props.set(m[2], { description: m[1] ? docText(m[1]) || undefined : undefined, required: m[3] !== '?' });
  }
  return { description: classMatch?.[1] ? docText(classMatch[1]) || undefined : undefined, props };
}

/** Reads every model class (attribute map from the `.js`, docs from the `.d.ts`). */
export function readModelClasses(genDir = clientNodeGenDir()): Map<string, ModelClass> {
  const dir = path.join(genDir, 'models');
  const out = new Map<string, ModelClass>();
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.js')) {
      continue;
    }
    const js = fs.readFileSync(path.join(dir, file), 'utf8');
    const m = /^(\w+)\.attributeTypeMap = (\[[\s\S]*?\]);$/m.exec(js);
    if (!m) {
      continue;
    }
    const className = m[1];
    const decl = readDeclaration(fs.readFileSync(path.join(dir, file.replace(/\.js$/, '.d.ts')), 'utf8'));
    const attrs = JSON.parse(m[2]) as { name: string; baseName: string; type: string; format: string }[];
    out.set(className, {
      className,
      description: decl.description,
      attributes: attrs.map((a) => ({ ...a, description: decl.props.get(a.name)?.description, required: decl.props.get(a.name)?.required ?? false })),
    });
  }
  return out;
}

/** Splits a generated API file into `async name(...) {` chunks keyed by method name. */
function methodChunks(source: string): Map<string, { doc?: string; body: string }> {
  const out = new Map<string, { doc?: string; body: string }>();
  const re = /(?:\/\*\*\n((?:(?!\*\/)[\s\S])*?)\s*\*\/\n)?\s*async (\w+)\([^)]*\) \{/g;
  const starts: { name: string; doc?: string; index: number }[] = [];
  for (let m = re.exec(source); m; m = re.exec(source)) {
    starts.push({ name: m[2], doc: m[1], index: m.index + m[0].length });
  }
  starts.forEach((s, i) => out.set(s.name, { doc: s.doc, body: source.slice(s.index, starts[i + 1]?.index ?? source.length) }));
  return out;
}

/** Reads every operation of every generated API class (`dist/gen/apis/*Api.js`). */
export function readApiOperations(genDir = clientNodeGenDir()): ApiOperation[] {
  const dir = path.join(genDir, 'apis');
  const out: ApiOperation[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!/Api\.js$/.test(file)) {
      continue;
    }
    const chunks = methodChunks(fs.readFileSync(path.join(dir, file), 'utf8'));
    for (const [method, chunk] of chunks) {
      const p = /const localVarPath = '([^']+)'/.exec(chunk.body);
      const verb = /makeRequestContext\(localVarPath, HttpMethod\.(\w+)\)/.exec(chunk.body);
      if (!p || !verb) {
        continue;
      }
      const body = /ObjectSerializer\.serialize\(body, "(\w+)"/.exec(chunk.body);
      const ret = /ObjectSerializer\.parse\(await response\.body\.text\(\), contentType\), "(\w+)"/.exec(chunks.get(`${method}WithHttpInfo`)?.body ?? '');
      const docs: Record<string, string> = {};
      let description: string | undefined;
      for (const line of (chunk.doc ?? '').split('\n').map((l) => l.replace(/^\s*\*\s?/, ''))) {
        const pm = /^@param (\w+)(?: (.*))?$/.exec(line);
        if (pm) {
          docs[pm[1]] = unescapeDoc(pm[2] ?? '');
        } else if (line.trim() && !line.startsWith('@')) {
          description = unescapeDoc(line);
        }
      }
      const params: ApiParameter[] = [];
      for (const m of p[1].matchAll(/\{(\w+)\}/g)) {
        params.push({ name: m[1], in: 'path', type: 'string', description: docs[m[1]] || undefined });
      }
      for (const m of chunk.body.matchAll(/setQueryParam\("([^"]+)", ObjectSerializer\.serialize\((\w+), "(\w+)"/g)) {
        const type = m[3] === 'number' ? 'integer' : m[3] === 'boolean' ? 'boolean' : 'string';
        params.push({ name: m[1], in: 'query', type, description: docs[m[2]] || undefined });
      }
      out.push({ method, httpMethod: verb[1], path: p[1], bodyType: body?.[1], returnType: ret?.[1], description, params });
    }
  }
  return out;
}

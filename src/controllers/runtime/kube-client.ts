import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadClientNode } from 'src/controllers/runtime/client-node';

/** Query parameters of a request; undefined values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** A list response as the API returns it. */
export interface ObjectList<T> {
  items: T[];
  metadata: { resourceVersion: string; continue?: string };
}

/** Patch flavours and their Content-Types. */
const PATCH_TYPES = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** A non-2xx answer of the apiserver, carrying its Status. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    readonly status: Record<string, any>,
  ) {
    super(`${code} ${reason}: ${String(status.message ?? '')}`);
  }
}

/** The message Go prints for an API error (the Status message), or the error's own. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    return String(e.status.message ?? e.message);
  }
  return e instanceof Error ? e.message : String(e);
}

/** Whether an error is a 404 NotFound from the apiserver. */
export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.code === 404;
}

/** Whether an error is a 409 Conflict (a stale resourceVersion or a failed precondition). */
export function isConflict(e: unknown): boolean {
  return e instanceof ApiError && e.code === 409 && e.reason !== 'AlreadyExists';
}

/** Whether an error is a 409 AlreadyExists from a create. */
export function isAlreadyExists(e: unknown): boolean {
  return e instanceof ApiError && e.reason === 'AlreadyExists';
}

/** The REST path of a collection, an object or its subresource. */
export function resourcePath(apiVersion: string, plural: string, namespace?: string, name?: string, subresource?: string): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const obj = name ? `/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}` : '';
  return `${base}${ns}/${plural}${obj}`;
}

/**
 * A plain-JSON client of the Kubernetes API for kubepg's own components: credentials come from a
 * kubeconfig through client-node's KubeConfig, requests go over one keep-alive HTTPS agent, and
 * nothing throttles them (upstream's 20 QPS client default is what made simulators slow).
 */
export class KubeClient {
  private readonly agent: https.Agent;

  private constructor(
    readonly kubeConfig: KubeConfig,
    readonly server: string,
    private readonly requestOptions: https.RequestOptions,
    private readonly userAgent: string,
  ) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 64, ...pickTls(requestOptions) });
  }

  /** A client for the current context of a kubeconfig file. */
  static async load(opts: { kubeconfig: string; userAgent: string }): Promise<KubeClient> {
    const kc = new (loadClientNode().KubeConfig)();
    kc.loadFromFile(opts.kubeconfig);
    const cluster = kc.getCurrentCluster();
    if (!cluster) {
      throw new Error(`${opts.kubeconfig} has no current cluster`);
    }
    const requestOptions: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(requestOptions);
    return new KubeClient(kc, cluster.server.replace(/\/$/, ''), requestOptions, opts.userAgent);
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /** GET one object. */
  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  /** GET a collection. */
  list<T>(path: string, query?: Query): Promise<ObjectList<T>> {
    return this.request<ObjectList<T>>('GET', path, { query });
  }

  /** POST a new object. */
  create<T>(path: string, body: unknown, query?: Query): Promise<T> {
    return this.request<T>('POST', path, { body, query });
  }

  /** PUT a whole object (conditioned on its metadata.resourceVersion when set). */
  replace<T>(path: string, body: unknown, query?: Query): Promise<T> {
    return this.request<T>('PUT', path, { body, query });
  }

  /** PATCH an object; strategic merge unless told otherwise. */
  patch<T>(path: string, body: unknown, type: keyof typeof PATCH_TYPES = 'strategic', query?: Query): Promise<T> {
    return this.request<T>('PATCH', path, { body, query, contentType: PATCH_TYPES[type] });
  }

  /** DELETE an object, with DeleteOptions as the body. */
  delete<T>(path: string, options?: object, query?: Query): Promise<T> {
    return this.request<T>('DELETE', path, { body: options, query });
  }

  /** One request; resolves with the decoded JSON body, rejects with ApiError on a non-2xx answer. */
  request<T>(method: string, path: string, opts: { query?: Query; body?: unknown; contentType?: string } = {}): Promise<T> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (v !== undefined) {
        url.searchParams.set(k, String(v));
      }
    }
    const payload = opts.body === undefined ? undefined : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
    const headers: Record<string, string> = {
      ...(this.requestOptions.headers as Record<string, string> | undefined),
      Accept: 'application/json',
      'User-Agent': this.userAgent,
    };
    if (payload) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    return new Promise<T>((resolve, reject) => {
      const req = https.request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any;
          try {
            body = text ? JSON.parse(text) : {};
          } catch {
            body = { message: text };
          }
          const code = res.statusCode ?? 0;
          if (code >= 200 && code < 300) {
            resolve(body as T);
          } else {
            reject(new ApiError(code, String(body?.reason ?? res.statusMessage ?? 'Unknown'), body ?? {}));
          }
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
}

/** The TLS settings of a request that belong on the agent (CA, client certificate, verification). */
function pickTls(o: https.RequestOptions): https.AgentOptions {
  const { ca, cert, key, rejectUnauthorized, servername } = o;
  return Object.fromEntries(Object.entries({ ca, cert, key, rejectUnauthorized, servername }).filter(([, v]) => v !== undefined));
}

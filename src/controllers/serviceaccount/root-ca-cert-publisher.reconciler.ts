import * as fs from 'node:fs';
import { isNamespaceTerminating } from 'src/controllers/serviceaccount/namespace-errors';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import type { Informer } from 'src/controllers/runtime/informer';
import { isNotFound, resourcePath, type KubeClient } from 'src/controllers/runtime/kube-client';
import type { ReconcileResult } from 'src/controllers/runtime/work-queue';
import type { KubeObject } from 'src/registry/generic/object';

/** The ConfigMap published in every namespace. */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
/** The annotation describing what the ConfigMap is for. */
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
/** Upstream's description text. */
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

/**
 * What the publisher does in a namespace: create the ConfigMap, replace it (data differs or the
 * description annotation is missing), or nothing.
 * Semantics: kubernetes pkg/controller/certificates/rootcacertpublisher/publisher.go syncNamespace.
 */
export function planRootCaConfigMap(existing: KubeObject | undefined, rootCA: string): { create: KubeObject } | { update: KubeObject } | undefined {
  const data = { 'ca.crt': rootCA };
  if (!existing) {
    return { create: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data } };
  }
  const sameData = Object.keys(existing.data ?? {}).length === 1 && existing.data?.['ca.crt'] === rootCA;
  if (sameData && existing.metadata.annotations?.[DESCRIPTION_ANNOTATION]) {
    return undefined;
  }
  const annotations = { ...(existing.metadata.annotations ?? {}), [DESCRIPTION_ANNOTATION]: DESCRIPTION };
  return { update: { ...existing, metadata: { ...existing.metadata, annotations }, data } };
}

/** The cluster CA (PEM) from the client's kubeconfig: certificate-authority-data, or the certificate-authority file. */
export function clusterCaPem(client: KubeClient): string {
  const cluster = client.kubeConfig.getCurrentCluster();
  if (cluster?.caData) {
    return Buffer.from(cluster.caData, 'base64').toString('utf8');
  }
  if (cluster?.caFile) {
    return fs.readFileSync(cluster.caFile, 'utf8');
  }
  throw new Error('root-ca-cert-publisher: the kubeconfig has no certificate authority for the current cluster');
}

/**
 * The root CA publisher: a `kube-root-ca.crt` ConfigMap holding the cluster CA (key `ca.crt`) in
 * every namespace, restored when deleted or edited. Keys are namespace names.
 * Semantics: kubernetes pkg/controller/certificates/rootcacertpublisher/publisher.go.
 */
export class RootCaCertPublisher extends QueueController {
  private readonly configMaps: Informer<KubeObject>;
  private readonly rootCA: string;

  constructor(ctx: ControllerContext) {
    super('root-ca-cert-publisher', ctx);
    this.rootCA = clusterCaPem(ctx.client);
    this.configMaps = ctx.informers.informer('/api/v1/configmaps');
    const namespaces = ctx.informers.informer('/api/v1/namespaces');
    const onConfigMap = (cm: KubeObject) => {
      if (cm.metadata.name === ROOT_CA_CONFIGMAP) {
        this.enqueue(cm.metadata.namespace!);
      }
    };
    this.configMaps.on('delete', onConfigMap);
    this.configMaps.on('update', onConfigMap);
    namespaces.on('add', (ns) => this.enqueue(ns.metadata.name!));
    namespaces.on('update', (ns) => {
      if (ns.status?.phase === 'Active') {
        this.enqueue(ns.metadata.name!);
      }
    });
  }

  /** Creates or repairs the namespace's ConfigMap. */
  protected async reconcile(namespace: string): Promise<ReconcileResult> {
    const plan = planRootCaConfigMap(this.configMaps.get(`${namespace}/${ROOT_CA_CONFIGMAP}`), this.rootCA);
    if (!plan) {
      return;
    }
    if ('create' in plan) {
      try {
        await this.ctx.client.create(resourcePath('v1', 'configmaps', namespace), plan.create);
      } catch (err) {
        // Do not retry when the namespace is gone or terminating.
        if (!isNotFound(err) && !isNamespaceTerminating(err)) {
          throw err;
        }
      }
      return;
    }
    await this.ctx.client.replace(resourcePath('v1', 'configmaps', namespace, ROOT_CA_CONFIGMAP), plan.update);
  }
}

/** The `root-ca-cert-publisher` controller. */
export const rootCaCertPublisherController: ControllerFactory = (ctx) => new RootCaCertPublisher(ctx);

import { isNamespaceTerminating } from 'src/controllers/serviceaccount/namespace-errors';
import { QueueController, type ControllerContext, type ControllerFactory } from 'src/controllers/runtime/controller';
import type { Informer } from 'src/controllers/runtime/informer';
import { isAlreadyExists, resourcePath } from 'src/controllers/runtime/kube-client';
import type { ReconcileResult } from 'src/controllers/runtime/work-queue';
import type { KubeObject } from 'src/registry/generic/object';

/** The ServiceAccounts every active namespace gets. */
export const SERVICE_ACCOUNTS_TO_ENSURE = ['default'];

/**
 * The ServiceAccount controller: ensures a `default` ServiceAccount in every Active namespace,
 * and recreates it when it is deleted. Keys are namespace names.
 * Semantics: kubernetes pkg/controller/serviceaccount/serviceaccounts_controller.go syncNamespace.
 */
export class ServiceAccountController extends QueueController {
  private readonly namespaces: Informer<KubeObject>;
  private readonly serviceAccounts: Informer<KubeObject>;

  constructor(ctx: ControllerContext) {
    super('serviceaccount', ctx);
    this.namespaces = ctx.informers.informer('/api/v1/namespaces');
    this.serviceAccounts = ctx.informers.informer('/api/v1/serviceaccounts');
    this.namespaces.on('add', (ns) => this.enqueue(ns.metadata.name!));
    this.namespaces.on('update', (ns) => this.enqueue(ns.metadata.name!));
    this.serviceAccounts.on('delete', (sa) => this.enqueue(sa.metadata.namespace!));
  }

  /** Creates the missing ServiceAccounts of an active namespace. */
  protected async reconcile(namespace: string): Promise<ReconcileResult> {
    const ns = this.namespaces.get(namespace);
    if (!ns || ns.status?.phase !== 'Active') {
      return;
    }
    const failures: string[] = [];
    for (const name of SERVICE_ACCOUNTS_TO_ENSURE) {
      if (this.serviceAccounts.get(`${namespace}/${name}`)) {
        continue;
      }
      const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } };
      try {
        await this.ctx.client.create(resourcePath('v1', 'serviceaccounts', namespace), sa);
      } catch (err) {
        if (!isAlreadyExists(err) && !isNamespaceTerminating(err)) {
          failures.push(err instanceof Error ? err.message : String(err));
        }
      }
    }
    if (failures.length > 0) {
      throw new Error(failures.join(', '));
    }
  }
}

/** The `serviceaccount` controller. */
export const serviceAccountController: ControllerFactory = (ctx) => new ServiceAccountController(ctx);

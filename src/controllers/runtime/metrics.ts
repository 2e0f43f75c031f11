import { Counter, Gauge, Histogram, Registry as PromRegistry, collectDefaultMetrics } from 'prom-client';
import type { WorkQueue, WorkQueueOptions } from 'src/controllers/runtime/work-queue';

/**
 * Prometheus metrics of a controller process, named as client-go's workqueue metrics and
 * controller-runtime's reconcile metrics: queue depth, adds, reconcile counts by result, errors and
 * durations per controller.
 */
export class ControllerMetrics {
  readonly registry = new PromRegistry();
  private readonly depth: Gauge<'name'>;
  private readonly reconciles: Counter<'controller' | 'result'>;
  private readonly errors: Counter<'controller'>;
  private readonly duration: Histogram<'controller'>;
  private readonly queues = new Map<string, WorkQueue>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const queues = this.queues;
    this.depth = new Gauge({
      name: 'workqueue_depth',
      help: 'Current depth of workqueue',
      labelNames: ['name'],
      registers: [this.registry],
      collect() {
        for (const [name, q] of queues) {
          this.set({ name }, q.depth);
        }
      },
    });
    this.reconciles = new Counter({ name: 'controller_runtime_reconcile_total', help: 'Total number of reconciliations per controller', labelNames: ['controller', 'result'], registers: [this.registry] });
    this.errors = new Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Total number of reconciliation errors per controller', labelNames: ['controller'], registers: [this.registry] });
    this.duration = new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Length of time per reconciliation per controller',
      labelNames: ['controller'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** Registers a queue for the depth gauge and returns the onResult hook that counts its reconciles. */
  track(queue: WorkQueue): void {
    this.queues.set(queue.name, queue);
  }

  /** The WorkQueue `onResult` option recording reconcile outcomes of one controller. */
  resultHook(controller: string): NonNullable<WorkQueueOptions['onResult']> {
    return (outcome, ms) => {
      this.reconciles.inc({ controller, result: outcome });
      if (outcome === 'error') {
        this.errors.inc({ controller });
      }
      this.duration.observe({ controller }, ms / 1000);
    };
  }
}

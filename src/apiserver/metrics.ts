import { Counter, Gauge, Histogram, Registry as PromRegistry, collectDefaultMetrics } from 'prom-client';
import type { Storage } from 'src/storage/storage';

/**
 * Prometheus metrics of the apiserver, named like kube-apiserver's where there is an equivalent
 * (apiserver_request_total, apiserver_request_duration_seconds).
 */
export class ApiMetrics {
  readonly registry = new PromRegistry();
  private readonly requests: Counter<'verb' | 'resource' | 'code'>;
  private readonly duration: Histogram<'verb' | 'resource'>;

  constructor(storage: Storage) {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({ name: 'apiserver_request_total', help: 'Counter of apiserver requests broken out by verb, resource and HTTP response code.', labelNames: ['verb', 'resource', 'code'], registers: [this.registry] });
    this.duration = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Response latency distribution in seconds for each verb and resource.',
      labelNames: ['verb', 'resource'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    new Gauge({ name: 'kubepg_storage_resource_version', help: 'The resourceVersion the watch cache reflects.', registers: [this.registry], collect() { this.set(storage.rv); } });
    new Gauge({ name: 'kubepg_storage_write_batches_total', help: 'Group-commit transactions committed.', registers: [this.registry], collect() { this.set(storage.writerStats.batches); } });
    new Gauge({ name: 'kubepg_storage_writes_total', help: 'Mutations submitted to the group-commit writer.', registers: [this.registry], collect() { this.set(storage.writerStats.mutations); } });
  }

  /** Records one finished request. */
  observe(verb: string, resource: string, code: number, seconds: number): void {
    this.requests.inc({ verb: verb.toUpperCase(), resource, code: String(code) });
    this.duration.observe({ verb: verb.toUpperCase(), resource }, seconds);
  }
}

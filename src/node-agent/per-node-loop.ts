import { WorkQueue, type WorkQueueOptions } from 'src/controllers/runtime/work-queue';
import type { NodeSet } from 'src/node-agent/node-set';

/**
 * A loop over the agent's nodes, one work-queue key per node name: a node's sync never runs twice
 * at once, resolves with the delay before its next round and backs off when it throws. The Lease
 * renewer and the node status updater are two such loops.
 */
export abstract class PerNodeLoop {
  protected readonly queue: WorkQueue;

  constructor(
    name: string,
    protected readonly nodes: NodeSet,
    opts: WorkQueueOptions,
  ) {
    this.queue = new WorkQueue(name, (node) => this.sync(node), opts);
  }

  /** Queues every node and starts the workers. */
  start(): void {
    for (const name of this.nodes.names()) {
      this.queue.add(name);
    }
    this.queue.start();
  }

  /** Stops the loop once the rounds in flight are done. */
  async stop(): Promise<void> {
    await this.queue.stop();
  }

  /** One round for one node; resolves with the delay in ms before the next. */
  protected abstract sync(name: string): Promise<number>;
}

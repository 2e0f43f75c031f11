import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiMetrics } from 'src/apiserver/metrics';
import { DiscoveryService } from 'src/apiserver/discovery.service';
import { Registry } from 'src/registry/registry';

/** A reply that records what the service sent. */
function recordingReply(): { reply: FastifyReply; sent: { code?: number; body?: unknown } } {
  const sent: { code?: number; body?: unknown } = {};
  const reply = {
    code(c: number) {
      sent.code = c;
      return reply;
    },
    header() {
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, sent };
}

describe('DiscoveryService health endpoints', () => {
  let started = false;
  const service = new DiscoveryService(new Registry([]), {} as ApiMetrics, () => '127.0.0.1:6443', () => started);
  const get = { method: 'GET', headers: {} } as FastifyRequest;

  it('answers /readyz 500 naming the unfinished start-up hook until start-up completes, then ok', async () => {
    const before = recordingReply();
    await service.serveNonResource(get, before.reply, ['readyz']);
    expect(before.sent.code).toBe(500);
    expect(before.sent.body).toContain('[-]poststarthook/kubepg-bootstrap failed');
    started = true;
    const after = recordingReply();
    await service.serveNonResource(get, after.reply, ['readyz']);
    expect(after.sent).toEqual({ code: 200, body: 'ok' });
  });

  it('answers /livez and /healthz while start-up is still running', async () => {
    started = false;
    for (const path of ['livez', 'healthz']) {
      const r = recordingReply();
      await service.serveNonResource(get, r.reply, [path]);
      expect(r.sent.code).toBe(200);
    }
  });
});

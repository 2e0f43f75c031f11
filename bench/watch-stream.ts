import type { ClientRequest } from 'node:http';
import * as https from 'node:https';
import type { ApiTarget } from 'bench/http-client';
import { nowMs } from 'bench/stats';

/** Called for each watch event with its type, the object's name and the time its bytes arrived. */
export type WatchListener = (type: string, name: string, receivedAt: number) => void;

/** One open watch stream. */
export interface WatchStream {
  /** Set when the server ended the stream before the benchmark closed it. */
  endedEarly(): boolean;
  close(): void;
}

// The object's metadata.name is the first "name" key of a frame: {"type":..,"object":{"kind":..,"apiVersion":..,"metadata":{"name":..
const FRAME_HEAD = /^\{"type":"(\w+)","object":\{.*?"name":"([^"]*)"/;

/**
 * Opens `GET <path>` as a JSON watch stream on its own connection and reports every frame to
 * `listener` without parsing the whole object (the client must stay cheap at 1,000 watchers).
 * Resolves once the response headers arrived; rejects with the exact request and answer otherwise.
 */
export function openWatch(target: ApiTarget, agent: https.Agent, path: string, listener: WatchListener): Promise<WatchStream> {
  const u = new URL(target.url);
  return new Promise((resolve, reject) => {
    let ended = false;
    let closing = false;
    const req: ClientRequest = https.request(
      {
        method: 'GET',
        host: u.hostname,
        port: Number(u.port),
        path,
        agent,
        headers: { Accept: 'application/json', Authorization: `Bearer ${target.token}`, 'User-Agent': 'kubepg-bench' },
      },
      (res) => {
        req.setTimeout(0);
        res.setEncoding('utf8');
        if (res.statusCode !== 200) {
          let text = '';
          res.on('data', (c: string) => (text += c));
          res.on('end', () => reject(new Error(`GET ${path} answered ${res.statusCode}: ${text.slice(0, 400)}`)));
          return;
        }
        let partial = '';
        res.on('data', (chunk: string) => {
          const at = nowMs();
          const lines = (partial + chunk).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) {
            const m = FRAME_HEAD.exec(line.slice(0, 512));
            listener(m?.[1] ?? 'UNPARSED', m?.[2] ?? line.slice(0, 200), at);
          }
        });
        res.on('end', () => {
          ended = !closing;
        });
        res.on('error', () => {
          ended = !closing;
        });
        resolve({
          endedEarly: () => ended,
          close: () => {
            closing = true;
            req.destroy();
          },
        });
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`GET ${path}: no response headers within 30 s`)));
    req.on('error', (err) => {
      if (!closing) {
        reject(err);
      }
    });
    req.end();
  });
}

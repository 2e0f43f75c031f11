import * as tls from 'node:tls';
import type { ApiTarget } from 'bench/http-client';

/**
 * The application protocol the apiserver picks when a client offers h2 and http/1.1 (ALPN), as
 * kubectl and client-go do: "h2" would mean HTTP/2 is served; anything else means HTTP/1.1 only.
 */
export function negotiatedProtocol(target: ApiTarget): Promise<string> {
  const u = new URL(target.url);
  return new Promise((resolve) => {
    const socket = tls.connect({ host: u.hostname, port: Number(u.port), ca: target.ca, ALPNProtocols: ['h2', 'http/1.1'] }, () => {
      const proto = socket.alpnProtocol;
      socket.end();
      resolve(proto ? proto : 'none (no ALPN answer: HTTP/1.1)');
    });
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
    socket.on('error', (err) => resolve(`error: ${err.message}`));
  });
}

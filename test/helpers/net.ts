/**
 * net: loopback helpers for tests that start servers (Prometheus, Alertmanager, Go programs, the daemon).
 */
import { createServer } from 'node:net';

/** freePort returns a TCP port on 127.0.0.1 that was free a moment ago (the OS picked it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

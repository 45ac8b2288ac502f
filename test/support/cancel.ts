// Sends a CancelRequest for a `pg` client's backend on a new connection to `port`, as libpq's
// PQcancel does; resolves once the server closed that connection.
import { connect } from 'node:net';
import type pg from 'pg';

export function sendCancelRequest(port: number, client: pg.Client): Promise<void> {
  const { processID, secretKey } = client as unknown as { processID: number; secretKey: number };
  return new Promise<void>((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => {
      const msg = Buffer.alloc(16);
      msg.writeInt32BE(16, 0);
      msg.writeInt32BE(80877102, 4);
      msg.writeInt32BE(processID, 8);
      msg.writeInt32BE(secretKey, 12);
      sock.end(msg);
    });
    sock.on('close', () => resolve());
    sock.on('error', reject);
  });
}

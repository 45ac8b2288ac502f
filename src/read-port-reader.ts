// A reader process of a read-only port (forked by src/read-port.ts): serves the connections the
// writer process hands it, each a read-only session over the writer's LMDB environment
// (src/session/replica/engine.ts). It exits when told to close or when the writer process is gone (its IPC channel
// closes, also when the writer was killed).
import { Socket } from 'node:net';
import { pino } from 'pino';
import { initParser } from './sql/parser.js';
import { registerSessionFunctions } from './session/functions.js';
import { registerCatalogRelations } from './session/system/index.js';
import { openLmdbStore } from './session/lmdb-store.js';
import { EddySession } from './session/session.js';
import { connectionSet } from './wire/server.js';
import { cancelLocalBackend, forwardUnknownCancels } from './wire/cancel.js';
import { ReplicaEngine } from './session/replica/engine.js';
import type { ToReader, FromReader } from './read-port.js';

const dataDir = process.argv[2];
const logger = pino({ level: process.argv[3] ?? 'warn', base: { pid: process.pid } });
const send = (m: FromReader): void => {
  if (process.connected) process.send!(m);
};

if (dataDir === undefined || process.send === undefined) {
  throw new Error('a reader process is started by the server (src/read-port.ts)');
}

process.on('disconnect', () => process.exit(0));

await initParser();
registerSessionFunctions();
registerCatalogRelations();
const engine = new ReplicaEngine(openLmdbStore(dataDir, { reader: true }), (e, p) => {
  return new EddySession(e, p);
});
const connections = connectionSet(engine.sessionFactory(), logger);
forwardUnknownCancels((pid, secret) => send({ kind: 'cancel', pid, secret }));

process.on('message', (m: ToReader, handle: unknown) => {
  switch (m.kind) {
    case 'connection':
      if (handle instanceof Socket) connections.serve(handle);
      break;
    case 'cancel':
      cancelLocalBackend(m.pid, m.secret);
      break;
    case 'close':
      void connections
        .shutdown()
        .then(() => engine.close())
        .finally(() => process.exit(0));
      break;
  }
});
send({ kind: 'ready' });

// The PostgreSQL wire protocol, server side: listen() accepts clients and runs each connection
// against a SessionFactory (src/session/api.ts). Everything else in this folder is internal.
export { listen, type ListenOptions, type WireServer } from './server.js';

// Lets a plain `node` child process run the TypeScript sources (used by the crash test, whose
// child must be a real process to be killed with SIGKILL): `node --import ./register-ts.mjs x.ts`.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);

// Child process of the crash test: commits ticks to a Store in a loop until it is killed.
// Each tick, in ONE write: bumps a counter (table "counter"), adds a random value to a running
// sum (table "sum"), appends (tick, value, padding) to a log (table "log"), seals the tick; every
// 25 ticks it also creates a scratch table and drops the previous one. After each commit it
// prints the tick, so the parent knows what was durably committed before the kill.
import { Store } from '../../../src/storage/store.js';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: writer-child.ts <dir>');
const store = Store.open(dir);
let tick = store.lastSealedTick() ?? 0;
let sum = store.read((s) => (s.hasTable('sum') ? ((s.get('sum', [1])?.[0] as bigint) ?? 0n) : 0n));
if (tick === 0) {
  store.write((tx) => {
    tx.createTableData('counter');
    tx.createTableData('sum');
    tx.createTableData('log');
  });
}
let seed = tick * 7919 + 1;
const random = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
for (;;) {
  const next = tick + 1;
  const value = BigInt(1 + random(1000));
  const padding = 'p'.repeat(random(3000));
  store.write((tx) => {
    tx.put('counter', [1], [next]);
    tx.put('sum', [1], [sum + value]);
    tx.insert('log', [next, value, padding]);
    if (next % 25 === 0) {
      if (tx.hasTable(`scratch${next - 25}`)) tx.dropTableData(`scratch${next - 25}`);
      tx.createTableData(`scratch${next}`);
      tx.put(`scratch${next}`, [next], [padding]);
    }
    tx.setLastSealedTick(next);
  });
  tick = next;
  sum += value;
  process.stdout.write(`${tick}\n`);
}

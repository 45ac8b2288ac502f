// dataflow: operators over update batches, driven tick by tick. Imports only repr and errors.
// Build a Dataflow, add inputs and operators (each a function from collections to a
// collection), capture outputs, then call runTick(time) once per tick.
export * from './graph.js';
export * from './error-set.js';
export * from './arrangement.js';
export * from './aggregate.js';
export * from './map.js';
export * from './filter.js';
export * from './flat-map.js';
export * from './project.js';
export * from './negate.js';
export * from './union.js';
export * from './constant.js';
export * from './reduce.js';
export * from './distinct.js';
export * from './threshold.js';
export * from './set-ops.js';
export * from './join-key.js';
export * from './join.js';
export * from './semi-join.js';
export * from './top-k.js';
export * from './window-frame.js';
export * from './window-funcs.js';
export * from './window.js';
export * from './state.js';
export * from './state-lmdb.js';

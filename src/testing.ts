/**
 * layerproof/testing: helpers for users' own property tests (fast-check arbitraries and
 * assertions). The GCN helpers arrive with the GCN module.
 */
export { approxEqual, compareArrays, tolerances, type Tolerance } from './core/tolerance.js';
export { checkLinearity } from './linear/checkLinearity.js';

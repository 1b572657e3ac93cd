import { createRequire } from 'node:module';
import type * as MlMatrix from 'ml-matrix';

// ml-matrix through `import` costs Node 20 about 80–110 ms (its ESM wrapper loads the 153 KB
// CommonJS build and scans it for named exports); `require` takes about 25 ms. The pure-math
// entry has a 200 ms budget, so every module takes ml-matrix from here.
const require = createRequire(import.meta.url);

export const { Matrix, SingularValueDecomposition, EigenvalueDecomposition } = require('ml-matrix') as typeof MlMatrix;
export type Matrix = MlMatrix.Matrix;

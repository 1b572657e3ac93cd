/**
 * Entry of the bundle that runs `bench/train.bench.ts` on a lent GPU machine (no npm there):
 * `node .gpu/train-bench.mjs [bench options]`. Built by scripts/gpu/build-bundle.sh.
 */
import { main } from '../../bench/train.bench.js';

await main(process.argv.slice(2));

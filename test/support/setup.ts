import fc from 'fast-check';
import { afterEach, beforeEach } from 'vitest';

// Seeded properties: the seed is printed by fast-check on failure; FC_SEED replays one run.
const seed = process.env.FC_SEED === undefined ? 20261126 : Number(process.env.FC_SEED);
fc.configureGlobal({ seed, ...(process.env.FC_RUNS !== undefined && { numRuns: Number(process.env.FC_RUNS) }) });

// As in KaTeX's test setup: a console warning or error during a test is a failure.
const original = { warn: console.warn, error: console.error };
beforeEach(() => {
  console.warn = (...args: unknown[]) => {
    throw new Error(`console.warn during a test: ${args.map(String).join(' ')}`);
  };
  console.error = (...args: unknown[]) => {
    throw new Error(`console.error during a test: ${args.map(String).join(' ')}`);
  };
});
afterEach(() => {
  console.warn = original.warn;
  console.error = original.error;
});

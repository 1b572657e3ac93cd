// Public exports of this module; re-exported by src/index.ts.
export {};

import type { ModelSites } from '../../src/models/ModelSites.js';

/** Time spent, on the wall clock and in this process's CPU (user + system, all threads). */
export interface Spent {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** This process's CPU time so far, ms. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
}

export interface SiteTimes {
  /** The model wrapped: `run` and every site's `analyse` add to the counters below. */
  readonly sites: ModelSites;
  /** Time in TensorFlow.js running the model (every chunk). */
  readonly run: () => Spent;
  /** Calls of `run` (one per chunk of samples, and any probe run to size them). */
  readonly runCalls: () => number;
  /** Chunks of samples whose sites were checked (T is built once per chunk): progress calls for the first site. */
  readonly chunks: () => number;
  /** Time reading layers' configs and weights into operators (`analyse`). */
  readonly analyse: () => Spent;
  /**
   * For verifyModelSites's `onProgress`: wall time between one progress call and the next
   * (or the next `run`, or `stop()`), by label (`site:NAME`, `chain:A→B`), so that the time a
   * chain's magnitudes and composition take outside its check is seen too.
   */
  readonly onProgress: (done: number, total: number, name: string) => void;
  readonly stop: () => void;
  readonly intervals: () => ReadonlyMap<string, Spent>;
}

/**
 * Wraps a model's sites with timers, without changing what they do: how a verification's wall
 * time splits between TensorFlow.js (`run`), reading layers (`analyse`), and the checks.
 */
export function timedSites(model: ModelSites, siteCount = model.sites.length): SiteTimes {
  let run: Spent = { wallMs: 0, cpuMs: 0 };
  let runCalls = 0;
  let chunks = 0;
  let analyse: Spent = { wallMs: 0, cpuMs: 0 };
  const intervals = new Map<string, Spent>();
  let label: string | undefined;
  let since = { wallMs: performance.now(), cpuMs: cpuMs() };
  const add = (a: Spent | undefined, from: Spent, to: Spent): Spent => ({ wallMs: (a?.wallMs ?? 0) + to.wallMs - from.wallMs, cpuMs: (a?.cpuMs ?? 0) + to.cpuMs - from.cpuMs });
  const now = (): Spent => ({ wallMs: performance.now(), cpuMs: cpuMs() });
  const switchTo = (next: string | undefined): void => {
    const t = now();
    if (label !== undefined) intervals.set(label, add(intervals.get(label), since, t));
    label = next;
    since = t;
  };
  const sites: ModelSites = {
    ...model,
    sites: model.sites.map((site) => ({
      ...site,
      analyse: async (inputShapes, outputShape) => {
        const t0 = now();
        try {
          return await site.analyse(inputShapes, outputShape);
        } finally {
          analyse = add(analyse, t0, now());
        }
      },
    })),
    run: async (inputs, names) => {
      switchTo(undefined);
      const t0 = now();
      try {
        return await model.run(inputs, names);
      } finally {
        run = add(run, t0, now());
        runCalls++;
        switchTo('between');
      }
    },
  };
  return {
    sites,
    run: () => run,
    runCalls: () => runCalls,
    chunks: () => chunks,
    analyse: () => analyse,
    // verifyModelSites reports sites as (i, sites) and chains as (sites + i, sites + chains).
    onProgress: (done, total, name) => {
      if (done === 0 && total === siteCount) chunks++;
      switchTo(done >= siteCount && total > siteCount ? `chain:${name}` : `site:${name}`);
    },
    stop: () => switchTo(undefined),
    intervals: () => intervals,
  };
}

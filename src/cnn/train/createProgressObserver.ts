import cliProgress from 'cli-progress';
import type { EpochMetrics } from './EpochMetrics.js';
import type { TrainingObserver } from './trainConfiguration.js';
import { describeConfiguration } from './TrainingConfiguration.js';

function pct(x: number | undefined): string {
  return x === undefined ? '–' : `${(100 * x).toFixed(1)}%`;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** One line per epoch, for logs. */
export function formatEpoch(m: EpochMetrics, epochs: number): string {
  return `${m.configuration}${m.phase === 'retrain' ? ' (retrain)' : ''} epoch ${m.epoch}/${epochs}: train loss ${m.trainLoss.toFixed(3)} acc ${pct(m.trainAccuracy)}` +
    (m.validationAccuracy === undefined ? '' : ` | validation loss ${m.validationLoss?.toFixed(3) ?? '–'} acc ${pct(m.validationAccuracy)}`) +
    ` | ${m.imagesPerSecond.toFixed(0)} img/s | ${m.seconds.toFixed(1)} s`;
}

/**
 * Progress for the terminal: one bar per configuration in training (epoch, loss, img/s, ETA
 * of the configuration) when `stream` is a TTY, one line per epoch otherwise, nothing but
 * messages when quiet.
 */
export function createProgressObserver(options: { readonly quiet?: boolean; readonly stream?: NodeJS.WriteStream } = {}): TrainingObserver & { stop(): void } {
  const stream = options.stream ?? process.stdout;
  const quiet = options.quiet === true;
  const tty = stream.isTTY && !quiet;
  let multibar: cliProgress.MultiBar | undefined;
  const bars = new Map<string, cliProgress.SingleBar>();
  const epochsOf = new Map<string, number>();
  const write = (line: string): void => {
    if (multibar !== undefined) multibar.log(`${line}\n`);
    else stream.write(`${line}\n`);
  };
  const key = (id: string, phase: string): string => `${id} ${phase}`;
  return {
    onConfigurationStart: (e) => {
      epochsOf.set(e.configuration.id, e.configuration.epochs);
      if (!quiet) {
        write(`${e.phase === 'retrain' ? 'retraining on training + validation' : 'training'} ${describeConfiguration(e.configuration)}` +
          (e.resumedAt === undefined ? '' : ` (resumed after epoch ${e.resumedAt.epoch}, batch ${e.resumedAt.batch})`));
      }
    },
    onBatch: (e) => {
      if (!tty) return;
      const epochs = e.configuration.epochs;
      const remainingBatches = (epochs - e.epoch) * e.batches + (e.batches - e.batch);
      const payload = {
        config: `${e.configuration.id}${e.phase === 'retrain' ? ' (retrain)' : ''}`, epoch: e.epoch, epochs, loss: e.loss.toFixed(3),
        ips: e.imagesPerSecond.toFixed(0), remaining: duration((remainingBatches * e.configuration.batchSize) / Math.max(e.imagesPerSecond, 1e-9)),
      };
      multibar ??= new cliProgress.MultiBar({
        format: '{config} epoch {epoch}/{epochs} [{bar}] {value}/{total} batches | loss {loss} | {ips} img/s | ETA {remaining}',
        stream, hideCursor: true, clearOnComplete: true,
      }, cliProgress.Presets.shades_classic);
      const k = key(e.configuration.id, e.phase);
      const bar = bars.get(k);
      if (bar === undefined) bars.set(k, multibar.create(e.batches, e.batch, payload));
      else bar.update(e.batch, payload);
    },
    onEpoch: (m) => {
      if (!quiet) write(formatEpoch(m, epochsOf.get(m.configuration) ?? m.epoch));
      const k = key(m.configuration, m.phase);
      const bar = bars.get(k);
      if (bar !== undefined && (epochsOf.get(m.configuration) ?? 0) <= m.epoch) {
        multibar?.remove(bar);
        bars.delete(k);
      }
    },
    onMessage: (text) => write(text),
    stop: () => {
      multibar?.stop();
      multibar = undefined;
      bars.clear();
    },
  };
}

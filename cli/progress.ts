import type { Writable } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  increment(count?: number): void;
  setTotal(total: number): void;
  stop(): void;
}

const silent: Progress = { increment: () => {}, setTotal: () => {}, stop: () => {} };

/**
 * A progress bar on stderr, only for a person at a terminal: a pipe, a CI log or `--json`
 * gets none, so stdout stays clean and logs are not filled with redraws.
 */
export const startProgress = (options: {
  stream: Writable;
  total: number;
  label: string;
  json: boolean;
}): Progress => {
  const tty = (options.stream as Writable & { isTTY?: boolean }).isTTY === true;
  if (options.json || !tty) return silent;
  const bar = new SingleBar(
    {
      stream: options.stream as NodeJS.WritableStream,
      format: `${options.label} [{bar}] {value}/{total} {percentage}%`,
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  bar.start(options.total, 0);
  return {
    increment: (count = 1) => bar.increment(count),
    setTotal: (total) => bar.setTotal(total),
    stop: () => bar.stop(),
  };
};

import type { Writable } from 'node:stream';

/** Where a command writes: results to stdout, progress and warnings to stderr. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
}

export const writeLine = (stream: Writable, text = ''): void => {
  stream.write(`${text}\n`);
};

/** `--json` output: one document on stdout, so it pipes into jq. */
export const writeJson = (stream: Writable, value: unknown): void => {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** Left-aligned table columns for the human summaries. */
export const formatTable = (rows: readonly (readonly string[])[]): string[] => {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
};

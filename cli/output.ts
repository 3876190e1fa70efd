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

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Text read off a queue (bodies, failure records), made safe to print: control characters are
 * shown as \uXXXX, so an escape sequence or a carriage return in a dead letter cannot clear,
 * rewrite or hide lines on the operator's terminal; very long text is cut.
 */
export const printable = (text: string, maxLength = 500): string => {
  const cut = text.length > maxLength ? `${text.slice(0, maxLength)}...` : text;
  return cut.replace(CONTROL_CHARACTERS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
};

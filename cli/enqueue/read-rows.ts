import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { duplicateTopLevelKeys } from '../../functions/relationships/duplicate-keys';
import { CliInputError } from '../errors';

export type InputFormat = 'csv' | 'jsonl';

/** One producer row with the 1-based line it starts on, or why it could not even be decoded. */
export type RawRow =
  | { line: number; ok: true; value: Record<string, unknown> }
  | { line: number; ok: false; fields: string[]; problem: string };

const JSONL_EXTENSIONS = new Set(['.jsonl', '.ndjson']);

/** `--format`, else the extension, else a sniff: a first non-blank `{` means JSON lines. */
export const detectFormat = (path: string, content: Buffer, explicit?: InputFormat): InputFormat => {
  if (explicit) return explicit;
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (JSONL_EXTENSIONS.has(extension)) return 'jsonl';
  const text = content
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\ufeff/, '');
  return text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
};

/**
 * The line a record starts on, given where the previous one ended (blank lines skipped). Offsets
 * only grow, so newlines are counted once, from where the last call stopped: recounting from
 * the start of the file for every record made a 50,000-row file take most of a minute.
 */
const createLineFinder = (content: Buffer) => {
  let scanned = 0;
  let newlines = 0;
  return (previousEnd: number): number => {
    let start = previousEnd;
    while (content[start] === 10 || content[start] === 13) start += 1;
    for (; scanned < start; scanned += 1) if (content[scanned] === 10) newlines += 1;
    return newlines + 1;
  };
};

/** Excel's "Unicode text" and some exports are UTF-16: read as UTF-8 every name and cell is garbage. */
const refuseUtf16 = (content: Buffer) => {
  if ((content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff)) {
    throw new CliInputError('the file is UTF-16 encoded: save it as UTF-8 (CSV UTF-8 or plain text)');
  }
};

/** A one-column header holding the column names with another separator: name it, not every row. */
const refuseOtherSeparator = (header: readonly string[]) => {
  if (header.length !== 1) return;
  const separator = header[0]?.includes(';') ? '";"' : header[0]?.includes('\t') ? 'tabs' : undefined;
  if (separator) {
    throw new CliInputError(
      `the CSV header is separated by ${separator}, not commas: export the file as comma-separated values`,
    );
  }
};

/**
 * Vault Loader CSV: a header row of column names, then one relationship per record. Quoted
 * fields may hold commas, doubled quotes and line breaks, so line numbers come from the byte
 * offset where each record starts, not from counting records. Empty cells are left out, so an
 * absent optional target version is simply not there (and a missing required one says so).
 */
export const readCsvRows = (content: Buffer): RawRow[] => {
  refuseUtf16(content);
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    // With `info`, each record comes wrapped with its position; the typings do not model that.
    records = parse(content, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    // csv-parse counts `bytes` up to the last complete record: the broken one starts right after.
    const line = createLineFinder(content)((error as { bytes?: number }).bytes ?? 0);
    throw new CliInputError(
      `the CSV cannot be parsed at the record starting on line ${line}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const rows: RawRow[] = [];
  let header: string[] | undefined;
  let previousEnd = 0;
  const startLine = createLineFinder(content);
  for (const { record, info } of records) {
    const line = startLine(previousEnd);
    previousEnd = info.bytes;
    if (!header) {
      header = record.map((name) => name.trim());
      refuseOtherSeparator(header);
      // Two cells for one field: the later would silently win and send a different relationship.
      const repeated = [...new Set(header.filter((name, index) => header?.indexOf(name) !== index))];
      if (repeated.length > 0) {
        throw new CliInputError(`the CSV header names ${repeated.join(', ')} more than once`);
      }
      continue;
    }
    if (record.length !== header.length) {
      rows.push({
        line,
        ok: false,
        fields: ['(row)'],
        problem: `has ${record.length} fields but the header has ${header.length}`,
      });
      continue;
    }
    const value: Record<string, unknown> = {};
    record.forEach((cell, index) => {
      const trimmed = cell.trim();
      if (trimmed !== '') value[header?.[index] ?? ''] = trimmed;
    });
    rows.push({ line, ok: true, value });
  }
  if (!header) throw new CliInputError('the CSV is empty: expected a header row of Vault column names');
  return rows;
};

/** JSON lines: one object per line; blank lines are skipped but still counted. */
export const readJsonLines = (content: Buffer): RawRow[] => {
  refuseUtf16(content);
  const rows: RawRow[] = [];
  content
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .forEach((text, index) => {
      const line = index + 1;
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        rows.push({ line, ok: false, fields: ['(line)'], problem: 'is not valid JSON' });
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        rows.push({
          line,
          ok: false,
          fields: ['(line)'],
          problem: 'must be a JSON object with one relationship',
        });
        return;
      }
      // JSON.parse keeps the last of a repeated field; the relay rejects such a body, and the CLI
      // must not turn it into a clean message for a relationship the producer may not have meant.
      const repeated = duplicateTopLevelKeys(text);
      if (repeated.length > 0) {
        rows.push({
          line,
          ok: false,
          fields: repeated,
          problem: `gives ${repeated.join(', ')} more than once`,
        });
        return;
      }
      rows.push({ line, ok: true, value: value as Record<string, unknown> });
    });
  return rows;
};

/** Reads FILE; an unreadable file is an input error with the reason, never a stack trace. */
export const readInputFile = async (
  path: string,
  format?: InputFormat,
): Promise<{ format: InputFormat; rows: RawRow[] }> => {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : (code ?? 'unreadable');
    throw new CliInputError(`cannot read ${path}: ${reason}`, { cause: error });
  }
  const detected = detectFormat(path, content, format);
  return { format: detected, rows: detected === 'csv' ? readCsvRows(content) : readJsonLines(content) };
};

import type { SQSClient } from '@aws-sdk/client-sqs';
import { type InputFormat, readInputFile } from '../enqueue/read-rows';
import { type FailedEntry, sendInBatches } from '../enqueue/send-batches';
import { type InvalidRow, validateRows } from '../enqueue/validate-rows';
import { CliUsageError, ExitCode, type ExitCodeValue } from '../errors';
import { type CliIo, writeJson, writeLine } from '../output';
import { plural } from '../plural';
import { startProgress } from '../progress';

export interface EnqueueOptions {
  file: string;
  /** Needed unless `dryRun`. */
  queueUrl?: string;
  format?: InputFormat;
  skipInvalid: boolean;
  /** Validate and report, send nothing. */
  dryRun: boolean;
  json: boolean;
}

export interface EnqueueDeps {
  sqs: SQSClient;
  io: CliIo;
  sleep: (ms: number) => Promise<void>;
  maxAttempts?: number;
  baseDelayMs?: number;
}

export interface EnqueueSummary {
  file: string;
  format: InputFormat;
  queueUrl?: string;
  rows: number;
  valid: number;
  invalid: InvalidRow[];
  sent: number;
  retried: number;
  failed: (FailedEntry & { line: number })[];
  dryRun: boolean;
}

/** How many invalid rows a person sees; `--json` always gets them all. */
const MAX_LISTED_PROBLEMS = 50;

const entryId = (line: number) => `line-${line}`;

const reportInvalid = (io: CliIo, invalid: readonly InvalidRow[]) => {
  for (const row of invalid.slice(0, MAX_LISTED_PROBLEMS)) {
    writeLine(io.stderr, `line ${row.line}: ${row.problem} [${row.fields.join(', ')}]`);
  }
  if (invalid.length > MAX_LISTED_PROBLEMS) {
    writeLine(io.stderr, `... and ${invalid.length - MAX_LISTED_PROBLEMS} more invalid rows (see --json)`);
  }
};

/**
 * `relay enqueue FILE`: validates every row with the relay's schema before anything is sent;
 * with invalid rows nothing is sent unless `--skip-invalid`. Bodies are the validated,
 * normalised messages (digit strings become numbers), one relationship per message.
 */
export const runEnqueue = async (
  options: EnqueueOptions,
  deps: EnqueueDeps,
): Promise<{ exitCode: ExitCodeValue; summary: EnqueueSummary }> => {
  const { io } = deps;
  const { format, rows } = await readInputFile(options.file, options.format);
  const { valid, invalid } = validateRows(rows);
  const summary: EnqueueSummary = {
    file: options.file,
    format,
    queueUrl: options.queueUrl,
    rows: rows.length,
    valid: valid.length,
    invalid,
    sent: 0,
    retried: 0,
    failed: [],
    dryRun: options.dryRun,
  };
  const finish = (exitCode: ExitCodeValue, text: string) => {
    if (options.json) writeJson(io.stdout, { exitCode, ...summary });
    else writeLine(io.stdout, text);
    return { exitCode, summary };
  };

  if (!options.json) reportInvalid(io, invalid);
  if (invalid.length > 0 && !options.skipInvalid) {
    return finish(
      ExitCode.Usage,
      `${invalid.length} of ${rows.length} rows are invalid; nothing was sent. Fix them, or pass --skip-invalid to send the ${valid.length} valid rows.`,
    );
  }
  // Exit 0 promises that what was asked for was done; a file with nothing to send is almost
  // always the wrong file (an empty export, a header without rows, every row rejected).
  if (rows.length === 0) {
    return finish(ExitCode.Usage, `${options.file} holds no rows; nothing was sent.`);
  }
  if (valid.length === 0) {
    return finish(ExitCode.Usage, `All ${rows.length} rows are invalid; nothing was sent.`);
  }
  const skippedText = invalid.length > 0 ? `, ${plural(invalid.length, 'invalid row')} skipped` : '';
  if (options.dryRun) {
    return finish(ExitCode.Ok, `Dry run: ${plural(valid.length, 'valid row')} would be sent${skippedText}.`);
  }

  const queueUrl = options.queueUrl;
  if (!queueUrl) throw new CliUsageError('no queue URL to send to');
  const lineById = new Map(valid.map((row) => [entryId(row.line), row.line]));
  const progress = startProgress({
    stream: io.stderr,
    total: valid.length,
    label: 'Sending',
    json: options.json,
  });
  let sentSoFar = 0;
  try {
    const result = await sendInBatches({
      sqs: deps.sqs,
      queueUrl,
      entries: valid.map((row) => ({ id: entryId(row.line), body: JSON.stringify(row.message) })),
      maxAttempts: deps.maxAttempts ?? 5,
      baseDelayMs: deps.baseDelayMs ?? 200,
      sleep: deps.sleep,
      onSent: (count) => {
        sentSoFar += count;
        progress.increment(count);
      },
    });
    summary.sent = result.sent;
    summary.retried = result.retried;
    summary.failed = result.failed.map((failure) => ({ ...failure, line: lineById.get(failure.id) ?? 0 }));
  } catch (error) {
    progress.stop();
    if (!options.json)
      writeLine(io.stderr, `stopped after ${sentSoFar} of ${valid.length} messages were sent`);
    throw error;
  }
  progress.stop();

  if (!options.json) {
    for (const failure of summary.failed) {
      writeLine(io.stderr, `line ${failure.line}: not sent: ${failure.code} ${failure.message}`.trimEnd());
    }
  }
  const retriedText = summary.retried > 0 ? ` (${summary.retried} after a retry)` : '';
  const failedText = summary.failed.length > 0 ? `, ${summary.failed.length} failed` : '';
  return finish(
    summary.failed.length > 0 ? ExitCode.RunFailures : ExitCode.Ok,
    `Sent ${summary.sent} of ${valid.length} messages to ${queueUrl}${retriedText}${failedText}${skippedText}.`,
  );
};

import type { SQSClient } from '@aws-sdk/client-sqs';
import { runEnqueue } from '../../cli/commands/enqueue';
import { readInputFile } from '../../cli/enqueue/read-rows';
import { sendInBatches } from '../../cli/enqueue/send-batches';
import { validateRows } from '../../cli/enqueue/validate-rows';
import { type CliIo, writeLine } from '../../cli/output';
import { plural } from '../../cli/plural';

export interface ProduceResult {
  /** Valid rows sent by `relay enqueue --skip-invalid`. */
  validSent: number;
  /** Schema-invalid rows sent as they are, the way a producer that does not validate would. */
  rawSent: number;
  /** Rows that are not even a set of columns (wrong field count): nothing to send. */
  undecodable: number;
  /** Entries SQS refused; not on the queue, so not part of `enqueued`. */
  notSent: number;
  enqueued: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `relay enqueue` lists the invalid rows on stderr as a bare `line N: ...`; without a heading
 * they read as the run's own errors. They are expected: sending them is the point.
 */
const writeInvalidHeading = (io: CliIo, raw: number, undecodable: number) => {
  if (raw + undecodable === 0) return;
  writeLine(io.stderr, 'Invalid rows, expected (listed below): relay enqueue skips them.');
  if (raw > 0) {
    writeLine(
      io.stderr,
      `  ${plural(raw, 'row fails', 'rows fail')} the schema: sent raw anyway, on purpose (the run simulates a ` +
        'producer that does not validate), so they reach the DLQ as INVALID_MESSAGE.',
    );
  }
  if (undecodable > 0) {
    writeLine(
      io.stderr,
      `  ${plural(undecodable, 'row has', 'rows have')} the wrong number of columns: not a message, not sent.`,
    );
  }
};

/**
 * Puts a file on the source queue the two ways producers do. Valid rows go through the CLI's
 * `enqueue` (validated, normalised). The CLI would refuse the invalid ones, but a producer that
 * skips validation sends them anyway; they are sent here as JSON of their raw cells, so the run
 * shows the relay itself parking them with INVALID_MESSAGE.
 */
export const produceFile = async (options: {
  file: string;
  queueUrl: string;
  sqs: SQSClient;
  io: CliIo;
}): Promise<ProduceResult> => {
  const { file, queueUrl, sqs, io } = options;
  const { rows } = await readInputFile(file);
  const invalidLines = new Set(validateRows(rows).invalid.map((row) => row.line));
  const raw = rows.flatMap((row) =>
    row.ok && invalidLines.has(row.line)
      ? [{ id: `raw-line-${row.line}`, body: JSON.stringify(row.value) }]
      : [],
  );
  const undecodable = rows.filter((row) => !row.ok).length;
  writeInvalidHeading(io, raw.length, undecodable);
  const { summary } = await runEnqueue(
    { file, queueUrl, skipInvalid: true, dryRun: false, json: false },
    { sqs, io, sleep },
  );

  const rawResult = await sendInBatches({
    sqs,
    queueUrl,
    entries: raw,
    maxAttempts: 5,
    baseDelayMs: 200,
    sleep,
    onSent: () => {},
  });
  if (raw.length > 0) {
    writeLine(
      io.stdout,
      `Sent ${plural(rawResult.sent, 'invalid row')} as they are (a producer that does not validate).`,
    );
  }
  return {
    validSent: summary.sent,
    rawSent: rawResult.sent,
    undecodable,
    notSent: summary.failed.length + rawResult.failed.length,
    enqueued: summary.sent + rawResult.sent,
  };
};

import type { CliIo } from '../../cli/output';
import { LOCAL_REGION } from '../embedded-sqs';
import type { SqsBatchHandler } from '../event-source-poller';
import { readDeadLetters, redrivenCount } from './dead-letters';
import { drainQueue } from './drain';
import type { LocalStack } from './local-stack';
import type { OutcomeLedger } from './outcome-ledger';
import { progressText } from './progress-text';
import { createProgressLine, type PhaseReport, printPhase } from './report';

/** How the event source mapping is set up for the run. */
export interface PhaseSettings {
  concurrency: number;
  batchSize: number;
  batchingWindowMs: number;
  functionTimeoutMs: number;
  /** A phase that has not drained by then fails the run. */
  drainTimeoutMs: number;
}

export interface PhaseInput {
  title: string;
  enqueued: number;
  stack: LocalStack;
  handler: SqsBatchHandler;
  ledger: OutcomeLedger;
  io: CliIo;
  signal: AbortSignal;
  settings: PhaseSettings;
}

/** Drives the handler until the source queue is empty, with a progress line, then prints the outcomes. */
export const runPhase = async (input: PhaseInput): Promise<PhaseReport> => {
  const { stack, settings, ledger, io } = input;
  const redrivenBefore = redrivenCount(await readDeadLetters(stack.sqs.client, stack.queues.dlqUrl));
  const interactive = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const progress = createProgressLine(io.stderr, interactive);
  const result = await drainQueue({
    sqs: stack.sqs.client,
    signal: input.signal,
    timeoutMs: settings.drainTimeoutMs,
    poller: {
      client: stack.sqs.client,
      queueUrl: stack.queues.sourceUrl,
      queueArn: stack.queues.sourceArn,
      region: LOCAL_REGION,
      handler: input.handler,
      batchSize: settings.batchSize,
      maximumBatchingWindowMs: settings.batchingWindowMs,
      functionTimeoutMs: settings.functionTimeoutMs,
      concurrency: settings.concurrency,
      onPollError: (error) =>
        io.stderr.write(`poller: ${error instanceof Error ? error.message : String(error)}\n`),
    },
    onTick: (depth, counters) => {
      const now = Date.now();
      const nextRetryAt = ledger.nextRetryAt(now);
      progress.update(
        progressText({
          title: input.title,
          enqueued: input.enqueued,
          counts: ledger.counts(),
          depth,
          counters,
          nextRetryInMs: nextRetryAt === undefined ? undefined : nextRetryAt - now,
        }),
      );
    },
  });
  progress.done();
  const letters = await readDeadLetters(stack.sqs.client, stack.queues.dlqUrl);
  const redriven = redrivenCount(letters) - redrivenBefore;
  const report: PhaseReport = {
    title: input.title,
    enqueued: input.enqueued,
    outcomes: ledger.counts(),
    redriven,
    dlqTotal: letters.length,
    poller: result.counters,
    elapsedMs: result.elapsedMs,
    drained: result.drained,
  };
  printPhase(io, report);
  return report;
};

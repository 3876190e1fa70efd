import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { CliAwsError, ExitCode, type ExitCodeValue } from '../errors';
import { type CliIo, writeJson, writeLine } from '../output';
import { startProgress } from '../progress';

export interface NativeReplayOptions {
  dlqUrl: string;
  /** A destination queue URL; without it SQS sends every message back to the queue it came from. */
  to?: string;
  maxPerSecond?: number;
  dryRun: boolean;
  json: boolean;
  pollIntervalMs: number;
}

export interface NativeReplaySummary {
  dlqUrl: string;
  sourceArn: string;
  destinationArn?: string;
  dryRun: boolean;
  approximateMessages: number;
  taskHandle?: string;
  status?: string;
  moved?: number;
  toMove?: number;
  failureReason?: string;
}

const FINISHED = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

const queueAttributes = async (sqs: SQSClient, queueUrl: string) => {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'],
    }),
  );
  if (!Attributes.QueueArn) throw new CliAwsError(`SQS returned no ARN for ${queueUrl}`);
  return { arn: Attributes.QueueArn, messages: Number(Attributes.ApproximateNumberOfMessages ?? 0) };
};

/** The task this run started: the running one with our handle, else the newest one (a finished task has no handle). */
const findTask = (results: readonly ListMessageMoveTasksResultEntry[], handle: string, startedAt: number) =>
  results.find((task) => task.TaskHandle === handle) ??
  results
    .filter((task) => (task.StartedTimestamp ?? 0) >= startedAt - 60_000)
    .sort((a, b) => (b.StartedTimestamp ?? 0) - (a.StartedTimestamp ?? 0))[0];

/**
 * `relay dlq replay --native`: SQS's own redrive (StartMessageMoveTask) moves everything back,
 * server-side; the CLI polls ListMessageMoveTasks and reports until the task is finished.
 * No filters: it is "replay everything", and the messages keep their `relay.failure` attribute.
 */
export const runDlqNativeReplay = async (
  options: NativeReplayOptions,
  deps: { sqs: SQSClient; io: CliIo; sleep: (ms: number) => Promise<void>; now: () => Date },
): Promise<{ exitCode: ExitCodeValue; summary: NativeReplaySummary }> => {
  const { sqs, io } = deps;
  const dlq = await queueAttributes(sqs, options.dlqUrl);
  const destinationArn = options.to ? (await queueAttributes(sqs, options.to)).arn : undefined;
  const summary: NativeReplaySummary = {
    dlqUrl: options.dlqUrl,
    sourceArn: dlq.arn,
    destinationArn,
    dryRun: options.dryRun,
    approximateMessages: dlq.messages,
  };
  const report = (exitCode: ExitCodeValue, text: string) => {
    if (options.json) writeJson(io.stdout, summary);
    else writeLine(io.stdout, text);
    return { exitCode, summary };
  };
  const target = options.to ?? 'the queues they came from';
  if (options.dryRun) {
    return report(
      ExitCode.Ok,
      `Dry run: a move task would move about ${dlq.messages} message(s) to ${target}.`,
    );
  }

  const startedAt = deps.now().getTime();
  const { TaskHandle } = await sqs.send(
    new StartMessageMoveTaskCommand({
      SourceArn: dlq.arn,
      DestinationArn: destinationArn,
      MaxNumberOfMessagesPerSecond: options.maxPerSecond,
    }),
  );
  summary.taskHandle = TaskHandle;
  const progress = startProgress({
    stream: io.stderr,
    total: dlq.messages,
    label: 'Moving',
    json: options.json,
  });
  let shown = 0;
  try {
    for (;;) {
      const { Results = [] } = await sqs.send(
        new ListMessageMoveTasksCommand({ SourceArn: dlq.arn, MaxResults: 10 }),
      );
      const task = findTask(Results, TaskHandle ?? '', startedAt);
      summary.status = task?.Status;
      summary.moved = task?.ApproximateNumberOfMessagesMoved;
      summary.toMove = task?.ApproximateNumberOfMessagesToMove;
      summary.failureReason = task?.FailureReason;
      if (summary.toMove !== undefined) progress.setTotal(summary.toMove);
      if (summary.moved !== undefined && summary.moved > shown) {
        progress.increment(summary.moved - shown);
        shown = summary.moved;
      }
      if (!task || FINISHED.has(task.Status ?? '')) break;
      await deps.sleep(options.pollIntervalMs);
    }
  } finally {
    progress.stop();
  }
  const text = `Move task ${summary.status ?? 'not found'}: ${summary.moved ?? 0} of ${summary.toMove ?? dlq.messages} message(s) moved to ${target}${summary.failureReason ? ` (${summary.failureReason})` : ''}.`;
  return report(summary.status === 'COMPLETED' ? ExitCode.Ok : ExitCode.RunFailures, text);
};

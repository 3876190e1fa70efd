import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { DeadLetterScan } from '../dlq/dead-letter-scan';
import { type DeadLetterView, describeDocuments, toDeadLetterView } from '../dlq/dead-letter-view';
import { type Destination, DestinationResolver } from '../dlq/destination-resolver';
import { replayRequest } from '../dlq/replay-message';
import { skipReason } from '../dlq/replay-selection';
import { CliUsageError, describeFailure, ExitCode, type ExitCodeValue } from '../errors';
import { type CliIo, printable, writeJson, writeLine } from '../output';
import { startProgress } from '../progress';

export interface ReplayOptions {
  dlqUrl: string;
  to?: string;
  codes: string[];
  max?: number;
  olderThanMs?: number;
  dryRun: boolean;
  json: boolean;
  visibilityTimeoutSeconds: number;
  waitTimeSeconds: number;
}

export interface ReplayItem {
  messageId: string;
  code: string;
  destination?: string;
  failedAt?: string;
  documents?: DeadLetterView['documents'];
}

export interface ReplaySummary {
  dlqUrl: string;
  dryRun: boolean;
  examined: number;
  /** Sent back and deleted from the DLQ (in a dry run: would be). */
  moved: number;
  /** Left in the DLQ because the filters did not select them. */
  skipped: number;
  /** Selected but not moved; they stay in the DLQ. */
  failed: (ReplayItem & { reason: string })[];
  /** Sent back but not deleted: in both queues; the relay's idempotent create absorbs the copy. */
  inBothQueues: string[];
  items: ReplayItem[];
}

const itemOf = (view: DeadLetterView, destination?: string): ReplayItem => ({
  messageId: view.messageId,
  code: view.code,
  destination,
  failedAt: view.failedAt?.toISOString(),
  documents: view.documents,
});

const printSummary = (io: CliIo, summary: ReplaySummary) => {
  const verb = summary.dryRun ? 'Would move' : 'Moved';
  for (const item of summary.dryRun ? summary.items : []) {
    writeLine(
      io.stdout,
      printable(
        `  ${item.messageId}  ${item.code}  ${describeDocuments(item.documents)}  -> ${item.destination}`,
        2000,
      ),
    );
  }
  for (const failure of summary.failed) {
    writeLine(
      io.stderr,
      printable(`  not moved ${failure.messageId} (${failure.code}): ${failure.reason}`, 2000),
    );
  }
  for (const id of summary.inBothQueues) {
    writeLine(
      io.stderr,
      `  ${id} was sent back but is still in the DLQ (a later replay is absorbed as "already existed")`,
    );
  }
  writeLine(
    io.stdout,
    `${verb} ${summary.moved} of ${summary.examined} examined; ${summary.skipped} skipped by the filters, ${summary.failed.length} failed.`,
  );
};

/**
 * `relay dlq replay`: sends selected dead letters back to their source queue. Each message is
 * deleted from the DLQ only after its send succeeded, so an interruption at any point leaves
 * every message in the DLQ or in the source queue — at worst, between send and delete, in both.
 * Everything not moved is made visible again at the end.
 */
export const runDlqReplay = async (
  options: ReplayOptions,
  deps: { sqs: SQSClient; io: CliIo; now: () => Date },
): Promise<{ exitCode: ExitCodeValue; summary: ReplaySummary }> => {
  const { sqs, io } = deps;
  // A wrong --to is one configuration problem, not a failure per message: it is found before any
  // dead letter is hidden (exit 2 or 3), instead of after every message was tried and released.
  if (options.to !== undefined) {
    if (options.to === options.dlqUrl) throw new CliUsageError('--to names the DLQ itself');
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: options.to, AttributeNames: ['QueueArn'] }));
  }
  const scan = new DeadLetterScan(sqs, options.dlqUrl, options);
  const destinations = new DestinationResolver(sqs, options.dlqUrl, options.to);
  const filter = { codes: options.codes, olderThanMs: options.olderThanMs, now: deps.now() };
  const summary: ReplaySummary = {
    dlqUrl: options.dlqUrl,
    dryRun: options.dryRun,
    examined: 0,
    moved: 0,
    skipped: 0,
    failed: [],
    inBothQueues: [],
    items: [],
  };
  const progress = startProgress({ stream: io.stderr, total: 0, label: 'Replaying', json: options.json });
  const full = () => options.max !== undefined && summary.moved >= options.max;

  const replayOne = async (view: DeadLetterView) => {
    const fail = (reason: string, destination?: string) =>
      summary.failed.push({ ...itemOf(view, destination), reason });
    let resolved: Destination;
    try {
      resolved = await destinations.resolve(view);
    } catch (error) {
      return fail(`source queue ${view.failure?.sourceQueue} not found: ${describeFailure(error).message}`);
    }
    if ('refused' in resolved) return fail(resolved.refused);
    const destination = resolved.url;
    if (destination === options.dlqUrl) return fail('destination is the DLQ itself');
    summary.items.push(itemOf(view, destination));
    if (options.dryRun) {
      summary.moved += 1;
      return;
    }
    try {
      await sqs.send(new SendMessageCommand(replayRequest(view, destination)));
    } catch (error) {
      return fail(`send failed: ${describeFailure(error).message}`, destination);
    }
    try {
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: options.dlqUrl, ReceiptHandle: view.receiptHandle }),
      );
    } catch {
      summary.inBothQueues.push(view.messageId);
    }
    scan.forget(view.messageId);
    summary.moved += 1;
  };

  const released = await scan.readThenRelease(async () => {
    for (
      let round = await scan.nextRound();
      round && !full();
      round = full() ? undefined : await scan.nextRound()
    ) {
      progress.setTotal(summary.examined + round.length);
      for (const view of round.map(toDeadLetterView)) {
        summary.examined += 1;
        progress.increment();
        if (full()) {
          summary.skipped += 1;
          continue;
        }
        if (skipReason(view, filter) !== undefined) summary.skipped += 1;
        else await replayOne(view);
      }
    }
  }, progress);
  const receivedAgain = scan.receivedAgain();
  if (options.json) writeJson(io.stdout, { ...summary, notReleased: released.failed.length, receivedAgain });
  else printSummary(io, summary);
  // Stopped short: dead letters the filters would have selected may not have been looked at.
  const incomplete = scan.incompleteWarning();
  if (incomplete) writeLine(io.stderr, `warning: ${incomplete}`);
  const clean =
    summary.failed.length === 0 &&
    summary.inBothQueues.length === 0 &&
    released.failed.length === 0 &&
    incomplete === undefined;
  return { exitCode: clean ? ExitCode.Ok : ExitCode.RunFailures, summary };
};

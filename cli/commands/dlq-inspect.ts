import type { SQSClient } from '@aws-sdk/client-sqs';
import { DeadLetterScan } from '../dlq/dead-letter-scan';
import { type DeadLetterView, describeDocuments, toDeadLetterView } from '../dlq/dead-letter-view';
import { ExitCode, type ExitCodeValue } from '../errors';
import { type CliIo, formatTable, printable, writeJson, writeLine } from '../output';
import { startProgress } from '../progress';

export interface InspectOptions {
  dlqUrl: string;
  samples: number;
  json: boolean;
  visibilityTimeoutSeconds: number;
  waitTimeSeconds: number;
}

export interface InspectSample {
  messageId: string;
  code: string;
  message?: string;
  failedAt?: string;
  attempts?: number;
  replayCount?: number;
  documents?: DeadLetterView['documents'];
}

export interface CodeSummary {
  code: string;
  count: number;
  oldestFailedAt?: string;
  newestFailedAt?: string;
  samples: InspectSample[];
}

export interface InspectSummary {
  dlqUrl: string;
  total: number;
  oldestFailedAt?: string;
  newestFailedAt?: string;
  codes: CodeSummary[];
  /** Messages that could not be made visible again (they reappear after the visibility timeout). */
  notReleased: number;
  /** Messages received again during the scan: when above 0 the counts may miss messages. */
  receivedAgain: number;
}

const toSample = (view: DeadLetterView): InspectSample => ({
  messageId: view.messageId,
  code: view.code,
  message: view.failure?.message,
  failedAt: view.failedAt?.toISOString(),
  attempts: view.failure?.attempts,
  replayCount: view.failure?.replayCount,
  documents: view.documents,
});

const earlier = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a < b ? a : b);
const later = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a > b ? a : b);

export const summarise = (
  dlqUrl: string,
  views: readonly DeadLetterView[],
  samples: number,
): InspectSummary => {
  const byCode = new Map<string, CodeSummary>();
  for (const view of views) {
    const failedAt = view.failedAt?.toISOString();
    const entry = byCode.get(view.code) ?? { code: view.code, count: 0, samples: [] };
    entry.count += 1;
    entry.oldestFailedAt = earlier(entry.oldestFailedAt, failedAt);
    entry.newestFailedAt = later(entry.newestFailedAt, failedAt);
    if (entry.samples.length < samples) entry.samples.push(toSample(view));
    byCode.set(view.code, entry);
  }
  const codes = [...byCode.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return {
    dlqUrl,
    total: views.length,
    oldestFailedAt: codes.reduce<string | undefined>(
      (acc, code) => earlier(acc, code.oldestFailedAt),
      undefined,
    ),
    newestFailedAt: codes.reduce<string | undefined>(
      (acc, code) => later(acc, code.newestFailedAt),
      undefined,
    ),
    codes,
    notReleased: 0,
    receivedAgain: 0,
  };
};

const printSummary = (io: CliIo, summary: InspectSummary) => {
  writeLine(io.stdout, `${summary.dlqUrl}: ${summary.total} message(s)`);
  if (summary.total === 0) return;
  writeLine(
    io.stdout,
    `failed between ${summary.oldestFailedAt ?? '?'} and ${summary.newestFailedAt ?? '?'}`,
  );
  writeLine(io.stdout);
  const rows = [['CODE', 'COUNT', 'OLDEST', 'NEWEST']];
  for (const code of summary.codes) {
    rows.push([
      printable(code.code, 64),
      String(code.count),
      code.oldestFailedAt ?? '?',
      code.newestFailedAt ?? '?',
    ]);
  }
  for (const line of formatTable(rows)) writeLine(io.stdout, line);
  for (const code of summary.codes) {
    writeLine(io.stdout);
    writeLine(io.stdout, `${printable(code.code, 64)} — ${code.samples.length} of ${code.count} shown:`);
    for (const sample of code.samples) {
      writeLine(
        io.stdout,
        `  ${printable(sample.messageId)}  ${printable(describeDocuments(sample.documents))}`,
      );
      if (sample.message) writeLine(io.stdout, `    ${printable(sample.message)}`);
    }
  }
  if (summary.notReleased > 0) {
    writeLine(io.stderr, `${summary.notReleased} message(s) stay hidden until their visibility timeout ends`);
  }
};

/**
 * `relay dlq inspect`: reads the whole DLQ without consuming it, then reports counts by failure
 * code, the oldest and newest failure, and a few samples per code.
 */
export const runDlqInspect = async (
  options: InspectOptions,
  deps: { sqs: SQSClient; io: CliIo },
): Promise<{ exitCode: ExitCodeValue; summary: InspectSummary }> => {
  const scan = new DeadLetterScan(deps.sqs, options.dlqUrl, options);
  const views: DeadLetterView[] = [];
  const progress = startProgress({ stream: deps.io.stderr, total: 0, label: 'Reading', json: options.json });
  const released = await scan.readThenRelease(async () => {
    for (let round = await scan.nextRound(); round; round = await scan.nextRound()) {
      views.push(...round.map(toDeadLetterView));
      progress.setTotal(views.length);
      progress.increment(round.length);
    }
  }, progress);
  const summary = {
    ...summarise(options.dlqUrl, views, options.samples),
    notReleased: released.failed.length,
    receivedAgain: scan.receivedAgain(),
  };
  if (options.json) writeJson(deps.io.stdout, summary);
  else printSummary(deps.io, summary);
  const incomplete = scan.incompleteWarning();
  if (incomplete) writeLine(deps.io.stderr, `warning: ${incomplete}`);
  const clean = summary.notReleased === 0 && incomplete === undefined;
  return { exitCode: clean ? ExitCode.Ok : ExitCode.RunFailures, summary };
};

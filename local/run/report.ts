import { type CliIo, formatTable, writeLine } from '../../cli/output';
import { plural } from '../../cli/plural';
import type { PollerCounters } from '../event-source-poller';
import type { OutcomeCounts } from './outcome-ledger';

export interface PhaseReport {
  title: string;
  /** Messages this phase put on the source queue (enqueued, or replayed). */
  enqueued: number;
  outcomes: OutcomeCounts;
  /** Messages SQS's own redrive moved to the DLQ (no relay failure record): crashes, timeouts. */
  redriven: number;
  /** Messages on the DLQ once the phase drained. */
  dlqTotal: number;
  poller: PollerCounters;
  elapsedMs: number;
  drained: boolean;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const heading = (io: CliIo, text: string) => {
  writeLine(io.stdout);
  writeLine(io.stdout, `== ${text}`);
};

/** The outcome table of one phase: every enqueued message in exactly one of the first rows. */
export const printPhase = (io: CliIo, report: PhaseReport) => {
  const { outcomes, poller } = report;
  const rows: string[][] = [
    ['OUTCOME', 'MESSAGES', ''],
    ['created', String(outcomes.created), 'new relationship in Vault'],
    ['already existed', String(outcomes.existed), 'Vault had it (duplicate row, or a redelivery)'],
    ['rejected -> DLQ', String(outcomes.rejected), 'invalid message or a Vault refusal; not retried'],
    ['exhausted -> DLQ', String(outcomes.exhausted), `transient failures on every allowed attempt`],
  ];
  if (report.redriven > 0)
    rows.push(['redrive -> DLQ', String(report.redriven), 'moved by SQS redrive policy']);
  if (outcomes.pending > 0) rows.push(['no outcome yet', String(outcomes.pending), 'still being retried']);
  rows.push(['enqueued', String(report.enqueued), report.drained ? 'queue drained' : 'queue NOT drained']);
  rows.push([
    'retried deliveries',
    String(outcomes.retriedDeliveries),
    'returned to the queue with back-off',
  ]);
  for (const line of formatTable(rows)) writeLine(io.stdout, line);
  writeLine(
    io.stdout,
    `${plural(poller.invocations, 'invocation')} of ${plural(poller.messagesReceived, 'record')} ` +
      `(${poller.redeliveries} redelivered), ${poller.recordsDeleted} deleted, ` +
      `${plural(poller.handlerErrors, 'handler error')}, ${plural(poller.timeouts, 'timeout')}; ` +
      `${seconds(report.elapsedMs)}`,
  );
};

export const printChecks = (io: CliIo, checks: readonly Check[]) => {
  for (const check of checks)
    writeLine(io.stdout, `${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${check.detail}`);
};

/**
 * One line on stderr while a phase runs, redrawn in place at a terminal. `done()` leaves the
 * phase's final state on screen: in a log the last update often fell inside the throttle, and
 * the stale line ("10/18 settled") read as if the run had stopped half way.
 */
export const createProgressLine = (
  stream: CliIo['stderr'],
  interactive: boolean,
  now: () => number = Date.now,
) => {
  let lastPrinted = Number.NEGATIVE_INFINITY;
  let latest: string | undefined;
  let shown: string | undefined;
  return {
    update(text: string) {
      latest = text;
      if (interactive) {
        stream.write(`\r\x1b[K${text}`);
        return;
      }
      // In a log or a pipe, one line every few seconds instead of a redraw per tick.
      if (now() - lastPrinted < 2_000) return;
      lastPrinted = now();
      shown = text;
      stream.write(`${text}\n`);
    },
    done() {
      if (latest === undefined) return;
      if (interactive) stream.write('\n');
      else if (latest !== shown) stream.write(`${latest}\n`);
    },
  };
};

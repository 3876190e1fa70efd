import type { SQSRecord } from 'aws-lambda';
import { retryDelaySeconds } from './backoff';
import {
  boundMessage,
  buildDeadLetter,
  buildFailureRecord,
  RETRIES_EXHAUSTED,
  receiveCountOf,
} from './failure-record';
import { parseRelationshipMessage, type RelationshipMessage } from './message';
import { asRelayError, type Decision, decideFailure, decideOutcome } from './outcome';
import type { CallContext, Clock, CreateResult, DeadLetterSink, RetryScheduler, VaultGateway } from './ports';
import type { MessageOutcomeEvent, RelayTelemetry } from './relay-telemetry';

export interface RelayServiceOptions {
  gateway: VaultGateway;
  deadLetters: DeadLetterSink;
  retryScheduler: RetryScheduler;
  clock: Clock;
  telemetry: RelayTelemetry;
  /** The delivery on which a transient failure becomes final (ApproximateReceiveCount >= this). */
  maxAttempts: number;
  /** Written to every failure record so a replay knows where the message came from. */
  sourceQueue: string;
}

export interface RelayService {
  /** Settles every record; resolves with the ids SQS must redeliver (never throws for one record). */
  processBatch(records: readonly SQSRecord[], context: CallContext): Promise<{ failedMessageIds: string[] }>;
}

interface Item {
  record: SQSRecord;
  attempts: number;
  row?: RelationshipMessage;
  /** Index into the deduplicated rows sent to the gateway. */
  rowIndex?: number;
  duplicateOf?: string;
  /** Known at parse time for rejected bodies; otherwise set from the gateway's result. */
  decision?: Decision;
}

type Decided = Item & { decision: Decision };

// Two messages naming the same relationship must not race each other into Vault: one row is
// sent, and both messages share its result.
const relationshipKey = (row: RelationshipMessage): string =>
  JSON.stringify([
    row.source_doc_id__v,
    row.source_major_version__v,
    row.source_minor_version__v,
    row.target_doc_id__v,
    row.target_major_version__v ?? null,
    row.target_minor_version__v ?? null,
    row.relationship_type__v,
  ]);

export const createRelayService = (options: RelayServiceOptions): RelayService => {
  const { gateway, deadLetters, retryScheduler, clock, telemetry, maxAttempts, sourceQueue } = options;

  const parse = (records: readonly SQSRecord[]) => {
    const rows: RelationshipMessage[] = [];
    const firstByKey = new Map<string, { index: number; messageId: string }>();
    const items = records.map((record): Item => {
      const attempts = receiveCountOf(record);
      let row: RelationshipMessage;
      try {
        row = parseRelationshipMessage(record.body);
      } catch (error) {
        return { record, attempts, decision: decideFailure(asRelayError(error), attempts, maxAttempts) };
      }
      const key = relationshipKey(row);
      const first = firstByKey.get(key);
      if (first) return { record, attempts, row, rowIndex: first.index, duplicateOf: first.messageId };
      firstByKey.set(key, { index: rows.length, messageId: record.messageId });
      rows.push(row);
      return { record, attempts, row, rowIndex: rows.length - 1 };
    });
    return { items, rows };
  };

  const createAll = async (
    rows: readonly RelationshipMessage[],
    context: CallContext,
  ): Promise<PromiseSettledResult<CreateResult>[]> => {
    if (rows.length === 0) return [];
    try {
      const settled = await gateway.createRelationships(rows, context);
      // A gateway that loses a row must not lose the message: a missing result is retried.
      return rows.map(
        (_, index) =>
          settled[index] ?? {
            status: 'rejected',
            reason: asRelayError(new Error('the Vault gateway returned no result for this row')),
          },
      );
    } catch (error) {
      // Nothing was attempted (no session, deadline, breaker open): every row shares the reason.
      const reason = asRelayError(error);
      return rows.map(() => ({ status: 'rejected', reason }));
    }
  };

  const park = async (items: Decided[]): Promise<Map<Item, boolean>> => {
    const parked = new Map<Item, boolean>();
    const letters = items.filter(
      (item) => item.decision.outcome === 'rejected' || item.decision.outcome === 'exhausted',
    );
    if (letters.length === 0) return parked;
    const failedAt = new Date(clock.now());
    const settled = await deadLetters
      .publish(
        letters.map((item) => {
          const decision = item.decision as Extract<Decision, { outcome: 'rejected' | 'exhausted' }>;
          const failure = buildFailureRecord({
            record: item.record,
            outcome: decision.outcome,
            error: decision.error,
            sourceQueue,
            failedAt,
          });
          return buildDeadLetter(item.record, failure);
        }),
      )
      .catch((error: unknown) =>
        letters.map((): PromiseSettledResult<void> => ({ status: 'rejected', reason: error })),
      );
    letters.forEach((item, index) => {
      parked.set(item, settled[index]?.status === 'fulfilled');
    });
    return parked;
  };

  return {
    async processBatch(records, context) {
      const { items, rows } = parse(records);
      const results = await createAll(rows, context);
      const decided = items.map(
        (item): Decided => ({
          ...item,
          decision:
            item.decision ??
            decideOutcome(
              results[item.rowIndex as number] as PromiseSettledResult<CreateResult>,
              item.attempts,
              maxAttempts,
            ),
        }),
      );

      const parked = await park(decided);
      const failedMessageIds: string[] = [];
      const delays: { receiptHandle: string; seconds: number }[] = [];
      for (const item of decided) {
        const event = describe(item, parked.get(item));
        telemetry.messageOutcome(event);
        if (event.outcome !== 'retried') continue;
        failedMessageIds.push(item.record.messageId);
        delays.push({ receiptHandle: item.record.receiptHandle, seconds: event.retryDelaySeconds ?? 0 });
      }

      if (delays.length > 0) {
        // Back-off is an optimisation: if it fails, SQS still redelivers after the queue's own timeout.
        await retryScheduler.delay(delays).catch((error: unknown) => {
          telemetry.warning('could not delay retried messages', {
            count: delays.length,
            error: boundMessage(error instanceof Error ? error.message : String(error)),
          });
        });
      }
      return { failedMessageIds };
    },
  };
};

/** The log/metric view of one message; a dead letter that could not be sent becomes a retry. */
const describe = (item: Decided, parkedOk: boolean | undefined): MessageOutcomeEvent => {
  const { record, row, decision } = item;
  const event: MessageOutcomeEvent = {
    messageId: record.messageId,
    outcome: decision.outcome,
    attempts: item.attempts,
    sentToVault: row !== undefined,
  };
  if (row) {
    event.sourceDocId = row.source_doc_id__v;
    event.targetDocId = row.target_doc_id__v;
    event.relationshipType = row.relationship_type__v;
  }
  if (item.duplicateOf) event.duplicateOf = item.duplicateOf;
  if (decision.outcome === 'created') event.relationshipId = decision.relationshipId;
  if ('error' in decision) {
    const { code, message } = decision.error;
    const exhausted = decision.outcome === 'exhausted';
    event.code = exhausted ? RETRIES_EXHAUSTED : code;
    event.reason = boundMessage(exhausted ? `last: ${code}: ${message}` : message);
    if (decision.error.vaultErrorType) event.vaultErrorType = decision.error.vaultErrorType;
  }
  if (decision.outcome === 'retried') event.retryDelaySeconds = decision.delaySeconds;
  if (parkedOk !== undefined) {
    event.deadLetter = parkedOk ? 'sent' : 'failed';
    if (!parkedOk) {
      event.outcome = 'retried';
      event.retryDelaySeconds = retryDelaySeconds(item.attempts);
    }
  }
  return event;
};

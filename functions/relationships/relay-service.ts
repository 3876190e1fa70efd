import type { SQSRecord } from 'aws-lambda';
import { boundMessage, buildDeadLetter, buildFailureRecord, receiveCountOf } from './failure-record';
import { parseRelationshipMessage, type RelationshipMessage } from './message';
import { asRelayError, type Decision, decideFailure, decideOutcome } from './outcome';
import { describeOutcome, type Parking } from './outcome-event';
import type { CallContext, Clock, CreateResult, DeadLetterSink, RetryScheduler, VaultGateway } from './ports';
import { relationshipKey } from './relationship-key';
import type { RelayTelemetry } from './relay-telemetry';

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

const reasonText = (reason: unknown): string => (reason instanceof Error ? reason.message : String(reason));

// Vault holds one relationship for the whole group, created once: only the first message of the
// group is `created` (one Created metric, one id in the logs); the later ones found it existing.
// Any other outcome (existed, rejected, retried, exhausted) is the same for every message.
const sharedDecision = (decision: Decision, duplicateOf: string | undefined): Decision =>
  duplicateOf !== undefined && decision.outcome === 'created' ? { outcome: 'existed' } : decision;

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
      // Two messages naming the same relationship must not race each other into Vault: one row is
      // sent, and both messages share its result.
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

  const park = async (items: Decided[]): Promise<Map<Item, Parking>> => {
    const parking = new Map<Item, Parking>();
    const letters = items.filter(
      (item) => item.decision.outcome === 'rejected' || item.decision.outcome === 'exhausted',
    );
    if (letters.length === 0) return parking;
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
      const result = settled[index];
      parking.set(
        item,
        result?.status === 'fulfilled'
          ? { parked: true }
          : { parked: false, error: reasonText(result?.reason ?? 'the DLQ publisher returned no result') },
      );
    });
    return parking;
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
            sharedDecision(
              decideOutcome(
                results[item.rowIndex as number] as PromiseSettledResult<CreateResult>,
                item.attempts,
                maxAttempts,
              ),
              item.duplicateOf,
            ),
        }),
      );

      const parked = await park(decided);
      const failedMessageIds: string[] = [];
      const delays: { receiptHandle: string; seconds: number }[] = [];
      for (const item of decided) {
        const event = describeOutcome({ ...item, parking: parked.get(item) });
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
            error: boundMessage(reasonText(error)),
          });
        });
      }
      return { failedMessageIds };
    },
  };
};

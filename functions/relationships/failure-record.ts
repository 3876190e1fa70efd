import type { SQSRecord } from 'aws-lambda';
import { MAX_FAILURE_MESSAGE_LENGTH, REPLAY_COUNT_ATTRIBUTE, type RelayFailure } from './dead-letter-format';
import type { PermanentError, RetryableError } from './errors';
import type { DeadLetter, MessageAttribute } from './ports';

/** The failure code of a message parked because its transient failures outlived MAX_ATTEMPTS. */
export const RETRIES_EXHAUSTED = 'RETRIES_EXHAUSTED';

/** Part of a RETRIES_EXHAUSTED message when the message had been delivered before. */
export const MAY_ALREADY_EXIST =
  'an earlier attempt may already have created the relationship; a replay is safe (answered as already existed)';

/** Keeps Vault's (unbounded, free-text) error messages from growing the DLQ attribute. */
export const boundMessage = (text: string, limit = MAX_FAILURE_MESSAGE_LENGTH): string =>
  text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;

const nonNegativeInteger = (value: string | undefined): number | undefined => {
  if (value === undefined || !/^\d{1,9}$/.test(value.trim())) return undefined;
  return Number(value.trim());
};

/** SQS counts deliveries from 1; a record without the attribute is on its first delivery. */
export const receiveCountOf = (record: Pick<SQSRecord, 'attributes'>): number =>
  Math.max(1, nonNegativeInteger(record.attributes?.ApproximateReceiveCount) ?? 1);

/** How many times an operator replayed this message from the DLQ (the CLI sets the attribute). */
export const replayCountOf = (record: Pick<SQSRecord, 'messageAttributes'>): number =>
  nonNegativeInteger(record.messageAttributes?.[REPLAY_COUNT_ATTRIBUTE]?.stringValue) ?? 0;

const firstReceivedAtOf = (record: Pick<SQSRecord, 'attributes'>, fallback: Date): string => {
  const millis = Number(record.attributes?.ApproximateFirstReceiveTimestamp);
  // A finite number can still be beyond what a Date holds (toISOString throws), and one such record
  // must not throw away the outcomes of its whole batch.
  const date = Number.isFinite(millis) && millis > 0 ? new Date(millis) : fallback;
  return (Number.isNaN(date.getTime()) ? fallback : date).toISOString();
};

export interface FailureRecordInput {
  record: Pick<SQSRecord, 'messageId' | 'attributes' | 'messageAttributes'>;
  outcome: 'rejected' | 'exhausted';
  error: PermanentError | RetryableError;
  sourceQueue: string;
  failedAt: Date;
}

/**
 * The `relay.failure` record: why, how often, since when. A permanent failure keeps its own code;
 * an exhausted one is RETRIES_EXHAUSTED with the last transient reason in `message`.
 */
export const buildFailureRecord = ({
  record,
  outcome,
  error,
  sourceQueue,
  failedAt,
}: FailureRecordInput): RelayFailure => {
  const attempts = receiveCountOf(record);
  const exhausted = outcome === 'exhausted';
  // An earlier delivery may have created the relationship and been lost before SQS heard of it (a
  // crash or timeout after the Vault call; soak finding F2). The operator should know that the
  // message may need nothing, and that replaying it cannot create a duplicate.
  const mayExist = exhausted && attempts > 1 ? `; ${MAY_ALREADY_EXIST}` : '';
  const failure: RelayFailure = {
    code: exhausted ? RETRIES_EXHAUSTED : error.code,
    category: error.category,
    message: boundMessage(
      exhausted
        ? `gave up after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}${mayExist}; last: ${error.code}: ${error.message}`
        : error.message,
    ),
    attempts,
    sourceMessageId: record.messageId,
    sourceQueue,
    firstReceivedAt: firstReceivedAtOf(record, failedAt),
    failedAt: failedAt.toISOString(),
    replayCount: replayCountOf(record),
  };
  if (error.vaultErrorType !== undefined) failure.vaultErrorType = error.vaultErrorType;
  return failure;
};

/** Lambda hands attributes over camel-cased with base64 binaries; only scalar values can be resent. */
const toMessageAttributes = (
  attributes: SQSRecord['messageAttributes'] | undefined,
): Record<string, MessageAttribute> => {
  const result: Record<string, MessageAttribute> = {};
  for (const [name, attribute] of Object.entries(attributes ?? {})) {
    const value: MessageAttribute = { dataType: attribute.dataType };
    if (attribute.stringValue !== undefined) value.stringValue = attribute.stringValue;
    if (attribute.binaryValue !== undefined) value.binaryValue = attribute.binaryValue;
    if (value.stringValue === undefined && value.binaryValue === undefined) continue;
    result[name] = value;
  }
  return result;
};

/** A dead letter carries the body exactly as received and the producer's own attributes. */
export const buildDeadLetter = (
  record: Pick<SQSRecord, 'messageId' | 'body' | 'messageAttributes'>,
  failure: RelayFailure,
): DeadLetter => ({
  messageId: record.messageId,
  body: record.body,
  messageAttributes: toMessageAttributes(record.messageAttributes),
  failure,
});

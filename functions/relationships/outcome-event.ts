import type { SQSRecord } from 'aws-lambda';
import { retryDelaySeconds } from './backoff';
import { boundMessage, RETRIES_EXHAUSTED } from './failure-record';
import type { RelationshipMessage } from './message';
import type { Decision } from './outcome';
import type { MessageOutcomeEvent } from './relay-telemetry';

/** Whether a message meant for the DLQ got there; `error` says why not. */
export type Parking = { parked: true } | { parked: false; error: string };

export interface OutcomeFacts {
  record: Pick<SQSRecord, 'messageId'>;
  attempts: number;
  row?: RelationshipMessage;
  duplicateOf?: string;
  decision: Decision;
  parking?: Parking;
}

/**
 * The log and metric view of one message's final outcome. A dead letter the DLQ did not take
 * becomes a retry (the message stays on its queue), with the normal back-off.
 */
export const describeOutcome = ({
  record,
  attempts,
  row,
  duplicateOf,
  decision,
  parking,
}: OutcomeFacts): MessageOutcomeEvent => {
  const event: MessageOutcomeEvent = {
    messageId: record.messageId,
    outcome: decision.outcome,
    attempts,
    sentToVault: row !== undefined,
  };
  if (row) {
    event.sourceDocId = row.source_doc_id__v;
    event.targetDocId = row.target_doc_id__v;
    event.relationshipType = row.relationship_type__v;
  }
  if (duplicateOf) event.duplicateOf = duplicateOf;
  if (decision.outcome === 'created') event.relationshipId = decision.relationshipId;
  if ('error' in decision) {
    const { code, message, vaultErrorType } = decision.error;
    const exhausted = decision.outcome === 'exhausted';
    event.code = exhausted ? RETRIES_EXHAUSTED : code;
    event.reason = boundMessage(exhausted ? `last: ${code}: ${message}` : message);
    if (vaultErrorType) event.vaultErrorType = vaultErrorType;
  }
  if (decision.outcome === 'retried') event.retryDelaySeconds = decision.delaySeconds;
  if (parking?.parked === true) event.deadLetter = 'sent';
  if (parking?.parked === false) {
    event.deadLetter = 'failed';
    event.deadLetterError = boundMessage(parking.error);
    event.outcome = 'retried';
    event.retryDelaySeconds = retryDelaySeconds(attempts);
  }
  return event;
};

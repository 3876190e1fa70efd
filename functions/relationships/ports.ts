import type { RelayFailure } from './dead-letter-format';
import type { RelationshipMessage } from './message';

export type { RelayFailure };

/** What Vault did with one relationship that it accepted. */
export type CreateResult = { kind: 'created'; id: number } | { kind: 'existed' };

/** Per-call facts the gateway needs from the invocation. */
export interface CallContext {
  /** Milliseconds left in the Lambda invocation; the gateway starts no call it cannot finish. */
  remainingTimeMs(): number;
  /** Goes to `X-VaultAPI-ReferenceID` so a call can be found in Vault's API usage log. */
  referenceId?: string;
}

/**
 * Creates document relationships in the one configured vault.
 * Resolves with one settled result per row, in input order: a rejection's reason is a
 * RetryableError or PermanentError for that row alone. Rejects (throws) when no row could be
 * attempted at all, e.g. no usable session: every row then shares that error.
 */
export interface VaultGateway {
  createRelationships(
    rows: readonly RelationshipMessage[],
    context: CallContext,
  ): Promise<PromiseSettledResult<CreateResult>[]>;
}

/** The SQS message attribute shape (as Lambda hands it to us and SendMessage takes it). */
export interface MessageAttribute {
  dataType: string;
  stringValue?: string;
  binaryValue?: string;
}

/** One message on its way to the DLQ: the original body byte for byte, its attributes, and why. */
export interface DeadLetter {
  messageId: string;
  body: string;
  messageAttributes: Record<string, MessageAttribute>;
  failure: RelayFailure;
}

/** Parks messages on the DLQ. One settled result per letter, in order; a rejection means not parked. */
export interface DeadLetterSink {
  publish(letters: readonly DeadLetter[]): Promise<PromiseSettledResult<void>[]>;
}

/** Delays the redelivery of retried messages (growing back-off). Best effort: failures are logged, not fatal. */
export interface RetryScheduler {
  delay(items: readonly { receiptHandle: string; seconds: number }[]): Promise<void>;
}

export interface Clock {
  now(): number;
}

import type { Outcome } from './outcome';

/** One line per message: what happened to it and why. Never the body, never credentials. */
export interface MessageOutcomeEvent {
  messageId: string;
  outcome: Outcome;
  /** SQS ApproximateReceiveCount of this delivery. */
  attempts: number;
  sourceDocId?: number;
  targetDocId?: number;
  relationshipType?: string;
  relationshipId?: number;
  code?: string;
  vaultErrorType?: string;
  /** Bounded error text, as written to the DLQ. */
  reason?: string;
  retryDelaySeconds?: number;
  /** Whether the row reached the Vault gateway (false for rejected bodies). */
  sentToVault: boolean;
  /** The message that carried the same relationship earlier in this batch. */
  duplicateOf?: string;
  /** Set when the message was meant for the DLQ: `failed` means it is retried instead. */
  deadLetter?: 'sent' | 'failed';
  /** Why the DLQ did not take it (bounded). */
  deadLetterError?: string;
}

/** Where the service reports what it did; implemented with Powertools Logger and Metrics. */
export interface RelayTelemetry {
  messageOutcome(event: MessageOutcomeEvent): void;
  /** Something went wrong that does not change any outcome (e.g. the visibility back-off failed). */
  warning(message: string, details: Record<string, unknown>): void;
}

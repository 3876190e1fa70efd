import { z } from 'zod';

/** The one attribute the relay adds to a dead letter: a JSON RelayFailure. */
export const FAILURE_ATTRIBUTE = 'relay.failure';
/** Carried by a replayed message so the next failure record counts its replays. */
export const REPLAY_COUNT_ATTRIBUTE = 'relay.replayCount';
/** SQS allows at most this many message attributes per message. */
export const MAX_MESSAGE_ATTRIBUTES = 10;
/** Bound on `relay.failure.message`, so an attribute never grows with Vault's error text. */
export const MAX_FAILURE_MESSAGE_LENGTH = 500;

export const relayFailureSchema = z.object({
  code: z.string(),
  category: z.enum(['permanent', 'transient']),
  message: z.string(),
  vaultErrorType: z.string().optional(),
  attempts: z.number().int().nonnegative(),
  sourceMessageId: z.string(),
  sourceQueue: z.string(),
  firstReceivedAt: z.string(),
  failedAt: z.string(),
  replayCount: z.number().int().nonnegative(),
});

/** Why a message was parked, as written to the DLQ and read back by the CLI. */
export type RelayFailure = z.infer<typeof relayFailureSchema>;

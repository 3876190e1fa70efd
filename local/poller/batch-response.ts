import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';

/** How Lambda's event source reads one invocation's result for a batch. */
export type BatchVerdict =
  | { kind: 'partial'; failedIds: ReadonlySet<string> }
  | { kind: 'batch-failed'; reason: 'threw' | 'timed-out' | 'invalid-response'; detail: string };

/**
 * Lambda's rules for ReportBatchItemFailures: a missing or empty response, or an empty/null list,
 * is complete success; a response that names an empty, null or unknown itemIdentifier, or has the
 * wrong shape, is treated as a complete failure (every record is retried).
 */
export const interpretBatchResponse = (response: unknown, records: readonly SQSRecord[]): BatchVerdict => {
  if (response === undefined || response === null) return { kind: 'partial', failedIds: new Set() };
  if (typeof response !== 'object' || Array.isArray(response)) {
    return { kind: 'batch-failed', reason: 'invalid-response', detail: 'response is not an object' };
  }
  const failures = (response as Partial<SQSBatchResponse>).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'partial', failedIds: new Set() };
  if (!Array.isArray(failures)) {
    return { kind: 'batch-failed', reason: 'invalid-response', detail: 'batchItemFailures is not a list' };
  }
  const known = new Set(records.map((record) => record.messageId));
  const failedIds = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !known.has(id)) {
      return {
        kind: 'batch-failed',
        reason: 'invalid-response',
        detail: `itemIdentifier ${JSON.stringify(id)} is not a message of this batch`,
      };
    }
    failedIds.add(id);
  }
  return { kind: 'partial', failedIds };
};

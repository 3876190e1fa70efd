import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';

/**
 * The response Lambda's SQS event source reads with ReportBatchItemFailures: only ids of records
 * in this batch, each once, in batch order; an empty list means every record is done. An id that
 * is not in the batch (or an empty one) would make Lambda treat the whole batch as failed.
 */
export const toBatchResponse = (
  records: readonly Pick<SQSRecord, 'messageId'>[],
  failedMessageIds: Iterable<string>,
): SQSBatchResponse => {
  const failed = new Set(failedMessageIds);
  const seen = new Set<string>();
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const { messageId } of records) {
    if (!messageId || !failed.has(messageId) || seen.has(messageId)) continue;
    seen.add(messageId);
    batchItemFailures.push({ itemIdentifier: messageId });
  }
  return { batchItemFailures };
};

import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { interpretBatchResponse } from '../../../local/poller/batch-response';
import { buildSqsRecord } from '../../support/sqs-event-builder';

describe('interpretBatchResponse', () => {
  const records: SQSRecord[] = [buildSqsRecord({ messageId: 'a' }), buildSqsRecord({ messageId: 'b' })];

  it.each([
    ['no response', undefined],
    ['null', null],
    ['an empty object', {}],
    ['an empty list', { batchItemFailures: [] }],
    ['a null list', { batchItemFailures: null }],
  ])('reads %s as complete success', (_, response) => {
    const verdict = interpretBatchResponse(response, records);

    expect(verdict).toEqual({ kind: 'partial', failedIds: new Set() });
  });

  it('returns exactly the named records', () => {
    const verdict = interpretBatchResponse({ batchItemFailures: [{ itemIdentifier: 'b' }] }, records);

    expect(verdict).toEqual({ kind: 'partial', failedIds: new Set(['b']) });
  });

  it.each([
    ['an unknown id', { batchItemFailures: [{ itemIdentifier: 'zzz' }] }],
    ['an empty id', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null id', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['a misspelt key', { batchItemFailures: [{ itemId: 'a' }] }],
    ['a list that is not a list', { batchItemFailures: 'a' }],
    ['a string', 'ok'],
  ])('fails the whole batch on %s, as Lambda does', (_, response) => {
    const verdict = interpretBatchResponse(response, records);

    expect(verdict).toMatchObject({ kind: 'batch-failed', reason: 'invalid-response' });
  });
});

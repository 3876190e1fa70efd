import { describe, expect, it } from 'vitest';
import { toBatchResponse } from '../../../functions/relationships/partial-batch';

const records = [{ messageId: 'a' }, { messageId: 'b' }, { messageId: 'c' }];

describe('toBatchResponse', () => {
  it('answers an empty list when every record succeeded', () => {
    const response = toBatchResponse(records, []);

    expect(response).toEqual({ batchItemFailures: [] });
  });

  it('lists only the failed records, each once, in batch order', () => {
    const response = toBatchResponse(records, ['c', 'a', 'c']);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'c' }] });
  });

  it('never names an id that is not in the batch, nor an empty one', () => {
    const response = toBatchResponse([...records, { messageId: '' }], ['zzz', '', 'b']);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'b' }] });
  });
});

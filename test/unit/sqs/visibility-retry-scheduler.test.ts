import { describe, expect, it } from 'vitest';
import {
  createVisibilityRetryScheduler,
  VisibilityChangeError,
} from '../../../functions/sqs/visibility-retry-scheduler';
import { FakeSqsClient, failEntries } from '../../support/fake-sqs-client';

const SOURCE = 'https://sqs.us-east-1.amazonaws.com/000000000000/relay';

describe('createVisibilityRetryScheduler', () => {
  it('sets each message visibility on the source queue, ten per call', async () => {
    const client = new FakeSqsClient();
    const scheduler = createVisibilityRetryScheduler({ client, queueUrl: SOURCE });
    const items = Array.from({ length: 11 }, (_, index) => ({
      receiptHandle: `rh-${index}`,
      seconds: 30 * (index + 1),
    }));

    await scheduler.delay(items);

    expect(client.sent.map((command) => command.name)).toEqual([
      'ChangeMessageVisibilityBatchCommand',
      'ChangeMessageVisibilityBatchCommand',
    ]);
    expect(client.sent[0]?.input.QueueUrl).toBe(SOURCE);
    expect(client.sent[1]?.input.Entries).toEqual([
      { Id: 'v0', ReceiptHandle: 'rh-10', VisibilityTimeout: 330 },
    ]);
  });

  it('throws after trying every entry when some were refused', async () => {
    const client = new FakeSqsClient(failEntries((entry) => entry.Id === 'v1'));
    const scheduler = createVisibilityRetryScheduler({ client, queueUrl: SOURCE });

    const attempt = scheduler.delay([
      { receiptHandle: 'a', seconds: 30 },
      { receiptHandle: 'b', seconds: 30 },
    ]);

    await expect(attempt).rejects.toBeInstanceOf(VisibilityChangeError);
    expect(client.sent).toHaveLength(1);
  });
});

import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sendInBatches } from '../../../cli/enqueue/send-batches';

const entries = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `line-${i + 2}`, body: `{"n":${i}}` }));

describe('sendInBatches', () => {
  const sqsMock = mockClient(SQSClient);
  afterEach(() => {
    sqsMock.reset();
  });

  const send = (count: number, sleeps: number[] = []) =>
    sendInBatches({
      sqs: new SQSClient({ region: 'us-east-1' }),
      queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/q',
      entries: entries(count),
      maxAttempts: 4,
      baseDelayMs: 100,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      onSent: () => {},
    });

  it('sends ten at a time and resends only the entries SQS reported as failed', async () => {
    // prepare: the first batch loses two entries to a throttle once
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: entries(8).map((e) => ({ Id: e.id, MessageId: 'm', MD5OfMessageBody: 'x' })),
        Failed: [
          { Id: 'line-10', Code: 'ThrottlingException', SenderFault: false },
          { Id: 'line-11', Code: 'ThrottlingException', SenderFault: false },
        ],
      })
      .callsFake((input) => ({
        Successful: input.Entries.map((e: { Id: string }) => ({
          Id: e.Id,
          MessageId: 'm',
          MD5OfMessageBody: 'x',
        })),
        Failed: [],
      }));
    const sleeps: number[] = [];

    // act
    const result = await send(15, sleeps);

    // assess
    const calls = sqsMock
      .commandCalls(SendMessageBatchCommand)
      .map((call) => call.args[0].input.Entries?.map((e) => e.Id));
    expect(calls).toEqual([
      entries(10).map((e) => e.id),
      ['line-10', 'line-11'],
      entries(15)
        .slice(10)
        .map((e) => e.id),
    ]);
    expect(result).toEqual({ sent: 15, retried: 2, failed: [] });
    expect(sleeps).toEqual([100]);
  });

  it('does not resend what SQS blames on the sender, and gives up on the rest after the last try', async () => {
    // prepare
    sqsMock.on(SendMessageBatchCommand).callsFake((input) => ({
      Successful: [],
      Failed: input.Entries.map((e: { Id: string }) =>
        e.Id === 'line-2'
          ? { Id: e.Id, Code: 'InvalidParameterValue', Message: 'too long', SenderFault: true }
          : { Id: e.Id, Code: 'InternalError', SenderFault: false },
      ),
    }));
    const sleeps: number[] = [];

    // act
    const result = await send(2, sleeps);

    // assess
    expect(result.sent).toBe(0);
    expect(result.failed).toEqual([
      { id: 'line-2', code: 'InvalidParameterValue', message: 'too long' },
      { id: 'line-3', code: 'InternalError', message: '' },
    ]);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)).toHaveLength(4);
  });
});

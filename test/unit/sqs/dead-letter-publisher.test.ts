import { describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../../functions/relationships/ports';
import { createDeadLetterPublisher, DeadLetterSendError } from '../../../functions/sqs/dead-letter-publisher';
import { FakeSqsClient, failEntries } from '../../support/fake-sqs-client';

const DLQ = 'https://sqs.us-east-1.amazonaws.com/000000000000/relay-dlq';

const letter = (index: number, extra: Partial<DeadLetter> = {}): DeadLetter => ({
  messageId: `msg-${index}`,
  body: `{"n": ${index}} `,
  messageAttributes: {},
  failure: {
    code: 'INVALID_MESSAGE',
    category: 'permanent',
    message: 'bad',
    attempts: 1,
    sourceMessageId: `msg-${index}`,
    sourceQueue: 'q',
    firstReceivedAt: '2026-01-02T03:04:05.000Z',
    failedAt: '2026-01-02T03:04:06.000Z',
    replayCount: 0,
  },
  ...extra,
});

describe('createDeadLetterPublisher', () => {
  it('sends ten letters per SendMessageBatch call with the bodies unchanged', async () => {
    const client = new FakeSqsClient();
    const publisher = createDeadLetterPublisher({ client, queueUrl: DLQ });
    const letters = Array.from({ length: 12 }, (_, index) => letter(index));

    const settled = await publisher.publish(letters);

    expect(settled.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(client.sent.map((command) => [command.name, command.input.Entries.length])).toEqual([
      ['SendMessageBatchCommand', 10],
      ['SendMessageBatchCommand', 2],
    ]);
    expect(client.sent[0]?.input.QueueUrl).toBe(DLQ);
    expect(client.sent[1]?.input.Entries[1].MessageBody).toBe('{"n": 11} ');
  });

  it('splits letters whose bodies together exceed the batch payload limit', async () => {
    const client = new FakeSqsClient();
    const publisher = createDeadLetterPublisher({ client, queueUrl: DLQ });
    const big = 'x'.repeat(100 * 1024);
    const letters = [0, 1, 2, 3].map((index) => letter(index, { body: big }));

    const settled = await publisher.publish(letters);

    expect(settled.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(client.sent.map((command) => command.input.Entries.length)).toEqual([2, 2]);
  });

  it('rejects only the letters SQS lists as failed', async () => {
    const client = new FakeSqsClient(failEntries((entry) => entry.MessageBody === '{"n": 1} '));
    const publisher = createDeadLetterPublisher({ client, queueUrl: DLQ });

    const settled = await publisher.publish([letter(0), letter(1), letter(2)]);

    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rejection = settled[1] as PromiseRejectedResult;
    expect(rejection.reason).toBeInstanceOf(DeadLetterSendError);
    expect(rejection.reason.message).toContain('InternalError');
  });

  it('rejects a letter SQS reports neither way', async () => {
    const client = new FakeSqsClient(() => ({ Successful: [], Failed: [] }));
    const publisher = createDeadLetterPublisher({ client, queueUrl: DLQ });

    const settled = await publisher.publish([letter(0)]);

    expect(settled[0]?.status).toBe('rejected');
  });

  it('rejects every letter of a call that throws, and only those', async () => {
    let calls = 0;
    const client = new FakeSqsClient((command) => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error('queue does not exist'), { name: 'QueueDoesNotExist' });
      return { Successful: command.input.Entries.map((entry: { Id: string }) => ({ Id: entry.Id })) };
    });
    const publisher = createDeadLetterPublisher({ client, queueUrl: DLQ });

    const settled = await publisher.publish(Array.from({ length: 11 }, (_, index) => letter(index)));

    expect(settled.filter((result) => result.status === 'rejected')).toHaveLength(10);
    expect(settled[10]?.status).toBe('fulfilled');
  });

  it('reports attributes left out to stay within ten', async () => {
    const client = new FakeSqsClient();
    const dropped: [string, string[]][] = [];
    const publisher = createDeadLetterPublisher({
      client,
      queueUrl: DLQ,
      onAttributesDropped: (messageId, names) => dropped.push([messageId, names]),
    });
    const attributes = Object.fromEntries(
      Array.from({ length: 10 }, (_, index) => [`a${index}`, { dataType: 'String', stringValue: 'x' }]),
    );

    await publisher.publish([letter(0, { messageAttributes: attributes })]);

    expect(dropped).toEqual([['msg-0', ['a9']]]);
    expect(Object.keys(client.sent[0]?.input.Entries[0].MessageAttributes)).toHaveLength(10);
  });
});

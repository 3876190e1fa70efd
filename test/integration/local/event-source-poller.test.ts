import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmbeddedSqs, type QueuePair, startEmbeddedSqs } from '../../../local/embedded-sqs';
import {
  type EventSourcePoller,
  type SqsBatchHandler,
  startEventSourcePoller,
} from '../../../local/event-source-poller';
import { isEmpty, queueDepth } from '../../../local/run/queue-depth';
import { pollUntil } from '../../support/poll-until';

describe('event source poller', () => {
  let sqs: EmbeddedSqs;
  let queues: QueuePair;
  let poller: EventSourcePoller | undefined;
  let queueCount = 0;

  beforeEach(async () => {
    sqs = await startEmbeddedSqs();
    queueCount += 1;
    queues = await sqs.createQueuePair({
      name: `poller-${queueCount}`,
      maxReceiveCount: 3,
      visibilityTimeoutSeconds: 1,
    });
  });

  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
    await sqs.stop();
  });

  const start = (
    handler: SqsBatchHandler,
    overrides: { batchSize?: number; windowMs?: number; timeoutMs?: number; concurrency?: number } = {},
  ) => {
    poller = startEventSourcePoller({
      client: sqs.client,
      queueUrl: queues.sourceUrl,
      queueArn: queues.sourceArn,
      region: 'us-east-1',
      handler,
      batchSize: overrides.batchSize ?? 10,
      maximumBatchingWindowMs: overrides.windowMs ?? 0,
      functionTimeoutMs: overrides.timeoutMs ?? 5_000,
      concurrency: overrides.concurrency ?? 1,
    });
    return poller;
  };

  const send = async (count: number) => {
    for (let first = 0; first < count; first += 10) {
      const entries = Array.from({ length: Math.min(10, count - first) }, (_, index) => ({
        Id: String(index),
        MessageBody: JSON.stringify({ n: first + index }),
      }));
      await sqs.client.send(new SendMessageBatchCommand({ QueueUrl: queues.sourceUrl, Entries: entries }));
    }
  };

  const drained = async (url: string) => isEmpty(await queueDepth(sqs.client, url)) && !poller?.busy();

  it('delivers a record shaped like Lambda’s, with a counting-down context', async () => {
    const seen: { record: SQSRecord; context: Context; remainingAtStart: number }[] = [];
    await sqs.client.send(
      new SendMessageCommand({
        QueueUrl: queues.sourceUrl,
        MessageBody: '{"a":1}',
        MessageAttributes: {
          producer: { DataType: 'String', StringValue: 'lims' },
          blob: { DataType: 'Binary', BinaryValue: Buffer.from('hi') },
        },
      }),
    );

    start(
      async (event: SQSEvent, context: Context) => {
        seen.push({
          record: event.Records[0] as SQSRecord,
          context,
          remainingAtStart: context.getRemainingTimeInMillis(),
        });
        return { batchItemFailures: [] };
      },
      { timeoutMs: 7_000 },
    );
    await pollUntil('the queue to drain', () => drained(queues.sourceUrl));

    const [{ record, context, remainingAtStart }] = seen as [(typeof seen)[number]];
    expect(record).toMatchObject({
      body: '{"a":1}',
      eventSource: 'aws:sqs',
      eventSourceARN: queues.sourceArn,
      awsRegion: 'us-east-1',
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
      attributes: { ApproximateReceiveCount: '1', SenderId: expect.any(String) },
      messageAttributes: {
        producer: { stringValue: 'lims', stringListValues: [], binaryListValues: [], dataType: 'String' },
        blob: {
          binaryValue: Buffer.from('hi').toString('base64'),
          stringListValues: [],
          binaryListValues: [],
          dataType: 'Binary',
        },
      },
    });
    expect(record.attributes.SentTimestamp).toMatch(/^\d+$/);
    expect(record.attributes.ApproximateFirstReceiveTimestamp).toMatch(/^\d+$/);
    expect(record.messageAttributes.producer).not.toHaveProperty('binaryValue');
    expect(remainingAtStart).toBeLessThanOrEqual(7_000);
    expect(remainingAtStart).toBeGreaterThan(0);
    expect(context.functionName).toBe('create-relationships');
  });

  it('deletes what succeeded and redelivers only the batch item failures', async () => {
    await send(3);
    const deliveries: { body: string; receiveCount: string }[] = [];
    let failedOnce = false;

    start(async (event) => {
      for (const record of event.Records)
        deliveries.push({ body: record.body, receiveCount: record.attributes.ApproximateReceiveCount });
      const victim = event.Records.find((record) => record.body === '{"n":1}');
      if (victim && !failedOnce) {
        failedOnce = true;
        return { batchItemFailures: [{ itemIdentifier: victim.messageId }] };
      }
      return { batchItemFailures: [] };
    });
    await pollUntil('the queue to drain', () => drained(queues.sourceUrl));

    expect(deliveries.filter((delivery) => delivery.body === '{"n":1}').map((d) => d.receiveCount)).toEqual([
      '1',
      '2',
    ]);
    expect(deliveries.filter((delivery) => delivery.body !== '{"n":1}')).toHaveLength(2);
    expect(poller?.counters()).toMatchObject({ recordsDeleted: 3, recordsReturned: 1, redeliveries: 1 });
  });

  it('fails the whole batch when the handler throws, and lets the redrive policy park the exhausted', async () => {
    await send(2);

    start(async () => {
      throw new Error('boom');
    });
    await pollUntil(
      'the redrive policy to move both messages',
      async () => (await queueDepth(sqs.client, queues.dlqUrl)).visible === 2,
    );
    await pollUntil('the source queue to drain', () => drained(queues.sourceUrl));

    const counters = poller?.counters();
    expect(counters?.recordsDeleted).toBe(0);
    expect(counters?.handlerErrors).toBeGreaterThanOrEqual(3);
  });

  it('treats an unknown itemIdentifier as a failure of the whole batch, as Lambda does', async () => {
    await send(2);
    let calls = 0;

    start(async () => {
      calls += 1;
      return calls === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] } : undefined;
    });
    await pollUntil('the queue to drain', () => drained(queues.sourceUrl));

    expect(poller?.counters()).toMatchObject({ invalidResponses: 1, recordsDeleted: 2, redeliveries: 2 });
  });

  it('fails a batch that runs past the function timeout', async () => {
    await send(1);
    let calls = 0;

    start(
      async () => {
        calls += 1;
        if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 400));
        return { batchItemFailures: [] };
      },
      { timeoutMs: 200 },
    );
    await pollUntil('the queue to drain', () => drained(queues.sourceUrl));

    expect(poller?.counters()).toMatchObject({ timeouts: 1, recordsDeleted: 1, redeliveries: 1 });
  });

  it('accumulates receives into one batch of more than ten within the batching window', async () => {
    await send(25);
    const sizes: number[] = [];

    start(
      async (event) => {
        sizes.push(event.Records.length);
        return { batchItemFailures: [] };
      },
      { batchSize: 25, windowMs: 1_000 },
    );
    await pollUntil('the queue to drain', () => drained(queues.sourceUrl));

    expect(sizes).toEqual([25]);
  });

  it('leaves nothing in flight when a message arrives while it stops', async () => {
    const bodies: string[] = [];
    start(async (event) => {
      bodies.push(...event.Records.map((record) => record.body));
      return { batchItemFailures: [] };
    });
    await send(1);
    await pollUntil('the first message', () => bodies.length === 1);

    const stopped = poller?.stop();
    await send(1);
    await stopped;

    // Whatever the last long poll took was invoked; the rest is still visible, not hidden in flight.
    const depth = await queueDepth(sqs.client, queues.sourceUrl);
    expect(depth.inFlight).toBe(0);
    expect(bodies.length + depth.visible).toBe(2);
  });

  it('runs several pollers at once and stops them all', async () => {
    await send(30);
    let running = 0;
    let mostAtOnce = 0;

    start(
      async () => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        // Hold each early invocation until three overlap, so the overlap is observed, not hoped for.
        await pollUntil('three invocations at once', () => mostAtOnce >= 3, { timeoutMs: 5_000 }).catch(
          () => undefined,
        );
        running -= 1;
        return { batchItemFailures: [] };
      },
      { batchSize: 2, concurrency: 3 },
    );
    await pollUntil('the queue to drain', () => drained(queues.sourceUrl));
    await poller?.stop();

    expect(mostAtOnce).toBe(3);
    expect(poller?.counters().recordsDeleted).toBe(30);
    expect(poller?.busy()).toBe(false);
  });
});

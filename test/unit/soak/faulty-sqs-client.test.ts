import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { withSoakFaults } from '../../../local/soak/faulty-sqs-client';
import { seededRandom } from '../../../local/soak/seeded-random';

const DLQ = 'http://127.0.0.1:1/000000000000/relay-dlq';
const SOURCE = 'http://127.0.0.1:1/000000000000/relay';

/** A client whose send records commands and accepts every batch entry. */
const recordingClient = () => {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      if (command instanceof SendMessageBatchCommand) {
        return { Successful: (command.input.Entries ?? []).map((entry) => ({ Id: entry.Id })), Failed: [] };
      }
      return {};
    },
  } as unknown as SQSClient;
  return { client, sent };
};

const batch = (queueUrl: string, count: number) =>
  new SendMessageBatchCommand({
    QueueUrl: queueUrl,
    Entries: Array.from({ length: count }, (_, i) => ({ Id: String(i), MessageBody: `body ${i}` })),
  });

const options = (overrides: Partial<Parameters<typeof withSoakFaults>[1]> = {}) => ({
  random: seededRandom(1),
  deadLetterQueueUrl: DLQ,
  callRefusalRate: 0,
  entryRefusalRate: 0,
  backoffCompression: 1,
  ...overrides,
});

describe('withSoakFaults', () => {
  it('reports refused DLQ entries as Failed and sends only the others', async () => {
    // prepare
    const { client, sent } = recordingClient();
    const faulty = withSoakFaults(client, options({ entryRefusalRate: 0.5 }));

    // act
    const output = (await faulty.client.send(batch(DLQ, 10))) as SendMessageBatchCommandOutput;

    // assess
    const refused = faulty.refusals().entries;
    expect(refused).toBeGreaterThan(0);
    expect(output.Failed).toHaveLength(refused);
    expect(output.Successful).toHaveLength(10 - refused);
    expect((sent[0] as SendMessageBatchCommand).input.Entries).toHaveLength(10 - refused);
    const ids = [...(output.Failed ?? []), ...(output.Successful ?? [])].map((entry) => entry.Id).sort();
    expect(ids).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('throws a service error for a refused DLQ call and sends nothing', async () => {
    // prepare
    const { client, sent } = recordingClient();
    const faulty = withSoakFaults(client, options({ callRefusalRate: 1 }));

    // act
    const sending = faulty.client.send(batch(DLQ, 3));

    // assess
    await expect(sending).rejects.toMatchObject({ name: 'ServiceUnavailable' });
    expect(sent).toEqual([]);
    expect(faulty.refusals()).toEqual({ entries: 0, calls: 1 });
  });

  it('never touches sends to other queues', async () => {
    // prepare
    const { client, sent } = recordingClient();
    const faulty = withSoakFaults(client, options({ callRefusalRate: 1, entryRefusalRate: 1 }));

    // act
    await faulty.client.send(batch(SOURCE, 3));

    // assess
    expect((sent[0] as SendMessageBatchCommand).input.Entries).toHaveLength(3);
    expect(faulty.refusals()).toEqual({ entries: 0, calls: 0 });
  });

  it('divides the visibility timeouts the handler sets, never below one second', async () => {
    // prepare
    const { client, sent } = recordingClient();
    const faulty = withSoakFaults(client, options({ backoffCompression: 30 }));

    // act
    await faulty.client.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: SOURCE, ReceiptHandle: 'r', VisibilityTimeout: 120 }),
    );
    await faulty.client.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: SOURCE,
        Entries: [
          { Id: 'a', ReceiptHandle: 'r1', VisibilityTimeout: 30 },
          { Id: 'b', ReceiptHandle: 'r2', VisibilityTimeout: 10 },
        ],
      }),
    );

    // assess
    expect((sent[0] as ChangeMessageVisibilityCommand).input.VisibilityTimeout).toBe(4);
    expect(
      (sent[1] as ChangeMessageVisibilityBatchCommand).input.Entries?.map((entry) => entry.VisibilityTimeout),
    ).toEqual([1, 1]);
  });
});

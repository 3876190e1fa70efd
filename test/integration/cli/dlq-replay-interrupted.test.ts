import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { runDlqReplay } from '../../../cli/commands/dlq-replay';
import type { EmbeddedSqs } from '../../../local/embedded-sqs';
import { crashingSqsClient, SimulatedCrashError } from '../../support/crashing-sqs-client';
import { aRelationshipBody, aRelayFailure, putDeadLetter } from '../../support/dead-letter-builder';
import { embeddedSqsForSuite } from '../../support/embedded-sqs-suite';
import { memoryIo } from '../../support/memory-io';
import { drainQueue } from '../../support/queue-drain';

const MESSAGES = 12;
const markers = (messages: Message[]) =>
  messages.map((m) => JSON.parse(m.Body as string).source_doc_id__v as number);

describe('relay dlq replay interrupted half-way', () => {
  let sqs: EmbeddedSqs;
  let pairCount = 0;

  embeddedSqsForSuite((started) => {
    sqs = started;
  });

  const crashDuringReplay = async (
    diesAt: (command: string, count: number) => boolean,
    limits: { max?: number } = {},
  ) => {
    pairCount += 1;
    const pair = await sqs.createQueuePair({ name: `interrupted-${pairCount}`, maxReceiveCount: 8 });
    for (let i = 1; i <= MESSAGES; i += 1) {
      await putDeadLetter(sqs.client, pair.dlqUrl, {
        body: aRelationshipBody(i),
        failure: aRelayFailure({ sourceQueue: pair.sourceUrl }),
      });
    }
    const run = runDlqReplay(
      // A one-second hiding time, so what the dead run held comes back quickly.
      {
        dlqUrl: pair.dlqUrl,
        codes: [],
        ...limits,
        dryRun: false,
        json: false,
        visibilityTimeoutSeconds: 1,
        waitTimeSeconds: 0,
      },
      { sqs: crashingSqsClient(sqs.client, diesAt), io: memoryIo(), now: () => new Date() },
    );
    await expect(run).rejects.toBeInstanceOf(SimulatedCrashError);
    const inSource = markers(await drainQueue(sqs.client, pair.sourceUrl));
    const inDlq = markers(await drainQueue(sqs.client, pair.dlqUrl));
    return { inSource, inDlq };
  };

  const expectNothingLost = ({ inSource, inDlq }: { inSource: number[]; inDlq: number[] }) => {
    const everywhere = new Set([...inSource, ...inDlq]);
    expect([...everywhere].sort((a, b) => a - b)).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));
    expect(new Set(inSource).size).toBe(inSource.length);
    expect(new Set(inDlq).size).toBe(inDlq.length);
  };

  it('dying after five sends loses nothing: each message is in the DLQ or back in the source', async () => {
    // prepare + act: the sixth send never happens
    const queues = await crashDuringReplay(
      (command, count) => command === 'SendMessageCommand' && count === 6,
    );

    // assess
    expectNothingLost(queues);
    expect(queues.inSource).toHaveLength(5);
    expect(queues.inDlq).toHaveLength(MESSAGES - 5);
  });

  it('dying between a send and its delete leaves exactly that one message in both queues', async () => {
    // prepare + act: the fourth message is sent, then the process dies before deleting it
    const queues = await crashDuringReplay(
      (command, count) => command === 'DeleteMessageCommand' && count === 4,
    );

    // assess
    expectNothingLost(queues);
    const inBoth = queues.inSource.filter((marker) => queues.inDlq.includes(marker));
    expect(inBoth).toHaveLength(1);
    expect(queues.inSource).toHaveLength(4);
    expect(queues.inDlq).toHaveLength(MESSAGES - 3);
  });

  it('dying while releasing the messages it did not select still loses nothing', async () => {
    // prepare + act: everything is moved except what --max leaves, and the release call dies
    const queues = await crashDuringReplay((command) => command === 'ChangeMessageVisibilityBatchCommand', {
      max: 7,
    });

    // assess
    expectNothingLost(queues);
    expect(queues.inSource).toHaveLength(7);
  });
});

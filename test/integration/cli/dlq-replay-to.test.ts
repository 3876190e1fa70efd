import { describe, expect, it } from 'vitest';
import { runDlqReplay } from '../../../cli/commands/dlq-replay';
import { CliUsageError, describeFailure, ExitCode } from '../../../cli/errors';
import type { EmbeddedSqs } from '../../../local/embedded-sqs';
import { aRelationshipBody, aRelayFailure, putDeadLetter } from '../../support/dead-letter-builder';
import { embeddedSqsForSuite } from '../../support/embedded-sqs-suite';
import { memoryIo } from '../../support/memory-io';
import { drainQueue } from '../../support/queue-drain';

describe('relay dlq replay --to a queue it cannot send to', () => {
  let sqs: EmbeddedSqs;
  let count = 0;

  embeddedSqsForSuite((started) => {
    sqs = started;
  });

  const dlqWithThree = async () => {
    count += 1;
    const pair = await sqs.createQueuePair({ name: `replay-to-${count}`, maxReceiveCount: 8 });
    for (let marker = 1; marker <= 3; marker += 1) {
      await putDeadLetter(sqs.client, pair.dlqUrl, {
        body: aRelationshipBody(marker),
        failure: aRelayFailure({ sourceQueue: pair.sourceUrl }),
      });
    }
    return pair;
  };
  const replayTo = (dlqUrl: string, to: string) =>
    runDlqReplay(
      { dlqUrl, to, codes: [], dryRun: false, json: false, visibilityTimeoutSeconds: 30, waitTimeSeconds: 0 },
      { sqs: sqs.client, io: memoryIo(), now: () => new Date() },
    );
  /** Receive counts of what is in the DLQ: 1 each means nothing was received before. */
  const receiveCounts = async (dlqUrl: string) =>
    (await drainQueue(sqs.client, dlqUrl)).map((message) => message.Attributes?.ApproximateReceiveCount);

  it('a --to queue that does not exist is exit 3 before any dead letter is touched', async () => {
    // prepare
    const pair = await dlqWithThree();
    const missing = pair.sourceUrl.replace(/replay-to-\d+$/, 'no-such-queue');

    // act
    const error = await replayTo(pair.dlqUrl, missing).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    // assess
    expect(describeFailure(error)).toEqual({
      message: expect.stringContaining('queue does not exist'),
      exitCode: ExitCode.AwsOrConfig,
    });
    expect(await receiveCounts(pair.dlqUrl)).toEqual(['1', '1', '1']);
  });

  it('--to the DLQ itself is a usage error before any dead letter is touched', async () => {
    // prepare
    const pair = await dlqWithThree();

    // act
    const run = replayTo(pair.dlqUrl, pair.dlqUrl);

    // assess
    await expect(run).rejects.toBeInstanceOf(CliUsageError);
    expect(await receiveCounts(pair.dlqUrl)).toEqual(['1', '1', '1']);
  });
});

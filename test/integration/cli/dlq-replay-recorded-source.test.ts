import { describe, expect, it } from 'vitest';
import { runDlqReplay } from '../../../cli/commands/dlq-replay';
import { ExitCode } from '../../../cli/errors';
import type { EmbeddedSqs } from '../../../local/embedded-sqs';
import { aRelationshipBody, aRelayFailure, putDeadLetter } from '../../support/dead-letter-builder';
import { embeddedSqsForSuite } from '../../support/embedded-sqs-suite';
import { memoryIo } from '../../support/memory-io';
import { queueDepth } from '../../support/queue-drain';

describe('relay dlq replay with a failure record naming a queue it should not follow', () => {
  let sqs: EmbeddedSqs;

  embeddedSqsForSuite((started) => {
    sqs = started;
  });

  /** Replays every dead letter to where its failure record says it came from. */
  const replay = (dlqUrl: string) =>
    runDlqReplay(
      { dlqUrl, codes: [], dryRun: false, json: false, visibilityTimeoutSeconds: 30, waitTimeSeconds: 0 },
      { sqs: sqs.client, io: memoryIo(), now: () => new Date() },
    );

  it('keeps messages whose record names another account, another region or garbage, and says why', async () => {
    // prepare: "other" exists in this account and region; the records name it elsewhere
    const pair = await sqs.createQueuePair({ name: 'recorded', maxReceiveCount: 8 });
    const other = await sqs.createQueuePair({ name: 'recorded-other', maxReceiveCount: 8 });
    const sources = [
      'arn:aws:sqs:us-east-1:999999999999:recorded-other',
      'arn:aws:sqs:eu-west-1:000000000000:recorded-other',
      other.sourceUrl.replace('/000000000000/', '/999999999999/'),
      'garbage!!',
    ];
    for (const [index, sourceQueue] of sources.entries()) {
      await putDeadLetter(sqs.client, pair.dlqUrl, {
        body: aRelationshipBody(index + 1),
        failure: aRelayFailure({ sourceQueue }),
      });
    }

    // act
    const { exitCode, summary } = await replay(pair.dlqUrl);

    // assess: nothing went to the same-named queue here; every message is still in the DLQ
    expect(exitCode).toBe(ExitCode.RunFailures);
    expect(summary.moved).toBe(0);
    expect(await queueDepth(sqs.client, other.sourceUrl)).toEqual({ visible: 0, inFlight: 0 });
    expect(await queueDepth(sqs.client, pair.dlqUrl)).toEqual({ visible: 4, inFlight: 0 });
    const reasons = summary.failed.map((failure) => failure.reason).sort();
    expect(reasons.filter((reason) => reason.includes("not in the DLQ's account and region"))).toHaveLength(
      3,
    );
    expect(reasons).toContainEqual(
      expect.stringMatching(/"garbage!!" is not a queue URL or ARN: pass --to URL/),
    );
  });

  it('still follows an ARN of its own account and region', async () => {
    // prepare
    const pair = await sqs.createQueuePair({ name: 'recorded-home', maxReceiveCount: 8 });
    await putDeadLetter(sqs.client, pair.dlqUrl, {
      body: aRelationshipBody(1),
      failure: aRelayFailure({ sourceQueue: pair.sourceArn }),
    });

    // act
    const { exitCode, summary } = await replay(pair.dlqUrl);

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(summary.moved).toBe(1);
    expect(await queueDepth(sqs.client, pair.sourceUrl)).toEqual({ visible: 1, inFlight: 0 });
  });
});

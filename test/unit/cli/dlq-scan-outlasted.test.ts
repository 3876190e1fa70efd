import { describe, expect, it } from 'vitest';
import { runDlqInspect } from '../../../cli/commands/dlq-inspect';
import { runDlqReplay } from '../../../cli/commands/dlq-replay';
import { ExitCode } from '../../../cli/errors';
import { FakeSqsClient } from '../../support/fake-sqs-client';
import { memoryIo } from '../../support/memory-io';

/**
 * A DLQ of 30 whose hiding runs out at once (a scan slower than --visibility-timeout): every
 * receive brings the same first ten again, so the other twenty are never seen.
 */
const queueWhoseHidingRunsOut = () =>
  new FakeSqsClient(({ name }) => {
    if (name === 'ReceiveMessageCommand') {
      return {
        Messages: Array.from({ length: 10 }, (_, index) => ({
          MessageId: `m${index}`,
          ReceiptHandle: `r${index}-${Math.random()}`,
          Body: '{}',
        })),
      };
    }
    if (name === 'ChangeMessageVisibilityBatchCommand') return { Successful: [], Failed: [] };
    throw new Error(`unexpected ${name}`);
  });

describe('relay dlq inspect when the scan outlasts the visibility timeout', () => {
  it('says the count may be short instead of presenting it as the whole DLQ', async () => {
    // prepare
    const io = memoryIo();
    const sqs = queueWhoseHidingRunsOut();

    // act
    const { exitCode, summary } = await runDlqInspect(
      {
        dlqUrl: 'https://sqs/1/dlq',
        samples: 1,
        json: false,
        visibilityTimeoutSeconds: 5,
        waitTimeSeconds: 0,
      },
      { sqs: sqs as never, io },
    );

    // assess
    expect(summary.total).toBe(10);
    expect(summary.receivedAgain).toBeGreaterThan(0);
    expect(io.stderr.text()).toMatch(/may be incomplete.*--visibility-timeout/);
    expect(exitCode).toBe(ExitCode.RunFailures);
  });

  it('replay says so too, as it may have stopped before the messages it should move', async () => {
    // prepare
    const io = memoryIo();

    // act
    const { exitCode } = await runDlqReplay(
      {
        dlqUrl: 'https://sqs/1/dlq',
        codes: ['VAULT_INVALID_DATA'],
        dryRun: false,
        json: false,
        visibilityTimeoutSeconds: 5,
        waitTimeSeconds: 0,
      },
      { sqs: queueWhoseHidingRunsOut() as never, io, now: () => new Date() },
    );

    // assess
    expect(io.stderr.text()).toMatch(/may be incomplete.*--visibility-timeout/);
    expect(exitCode).toBe(ExitCode.RunFailures);
  });
});

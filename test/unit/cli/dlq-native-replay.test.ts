import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDlqNativeReplay } from '../../../cli/commands/dlq-native-replay';
import type { CliContext } from '../../../cli/context';
import { ExitCode } from '../../../cli/errors';
import { runCli } from '../../../cli/program';
import { memoryIo } from '../../support/memory-io';

const DLQ_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/relationships-dlq';
const DLQ_ARN = 'arn:aws:sqs:eu-west-1:123456789012:relationships-dlq';
const STARTED = Date.parse('2026-12-03T12:00:00.000Z');

describe('relay dlq replay --native', () => {
  const sqsMock = mockClient(SQSClient);
  let sleeps: number[];

  beforeEach(() => {
    sqsMock.reset();
    sleeps = [];
    sqsMock
      .on(GetQueueAttributesCommand, { QueueUrl: DLQ_URL })
      .resolves({ Attributes: { QueueArn: DLQ_ARN, ApproximateNumberOfMessages: '40' } });
    sqsMock.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
  });
  afterEach(() => {
    sqsMock.reset();
  });

  const run = (overrides: { to?: string; dryRun?: boolean; json?: boolean } = {}) => {
    const io = memoryIo();
    return runDlqNativeReplay(
      { dlqUrl: DLQ_URL, dryRun: false, json: false, pollIntervalMs: 2000, ...overrides },
      {
        sqs: new SQSClient({ region: 'eu-west-1' }),
        io,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        now: () => new Date(STARTED),
      },
    ).then((result) => ({ ...result, io }));
  };

  /** One poll's answer while task-1 (40 messages) is still running. */
  const runningTask = (moved: number) => ({
    Results: [
      {
        TaskHandle: 'task-1',
        Status: 'RUNNING',
        StartedTimestamp: STARTED,
        ApproximateNumberOfMessagesToMove: 40,
        ApproximateNumberOfMessagesMoved: moved,
      },
    ],
  });

  it('starts a move task from the DLQ ARN and polls until it completes', async () => {
    // prepare: running twice, then completed (a finished task no longer shows its handle)
    sqsMock
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce(runningTask(10))
      .resolvesOnce(runningTask(30))
      .resolves({
        Results: [
          {
            Status: 'COMPLETED',
            StartedTimestamp: STARTED,
            ApproximateNumberOfMessagesToMove: 40,
            ApproximateNumberOfMessagesMoved: 40,
          },
          {
            Status: 'COMPLETED',
            StartedTimestamp: STARTED - 86_400_000,
            ApproximateNumberOfMessagesMoved: 3,
          },
        ],
      });

    // act
    const { exitCode, summary, io } = await run();

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(sqsMock.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({
      SourceArn: DLQ_ARN,
    });
    expect(sqsMock.commandCalls(ListMessageMoveTasksCommand)).toHaveLength(3);
    expect(sleeps).toEqual([2000, 2000]);
    expect(summary).toMatchObject({ taskHandle: 'task-1', status: 'COMPLETED', moved: 40, toMove: 40 });
    expect(io.stdout.text()).toContain(
      'Move task COMPLETED: 40 of 40 message(s) moved to the queues they came from',
    );
  });

  it('sends to --to as the destination ARN', async () => {
    // prepare
    const to = 'https://sqs.eu-west-1.amazonaws.com/123456789012/relationships-retry';
    sqsMock
      .on(GetQueueAttributesCommand, { QueueUrl: to })
      .resolves({ Attributes: { QueueArn: 'arn:aws:sqs:eu-west-1:123456789012:relationships-retry' } });
    sqsMock
      .on(ListMessageMoveTasksCommand)
      .resolves({ Results: [{ Status: 'COMPLETED', StartedTimestamp: STARTED }] });

    // act
    await run({ to });

    // assess
    expect(sqsMock.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({
      SourceArn: DLQ_ARN,
      DestinationArn: 'arn:aws:sqs:eu-west-1:123456789012:relationships-retry',
    });
  });

  it('reports a failed task with its reason and exits with run failures', async () => {
    // prepare
    sqsMock.on(ListMessageMoveTasksCommand).resolves({
      Results: [
        {
          Status: 'FAILED',
          StartedTimestamp: STARTED,
          FailureReason: 'AWS.SimpleQueueService.NonExistentQueue',
          ApproximateNumberOfMessagesMoved: 5,
        },
      ],
    });

    // act
    const { exitCode, summary } = await run({ json: true });

    // assess
    expect(exitCode).toBe(ExitCode.RunFailures);
    expect(summary).toMatchObject({
      status: 'FAILED',
      moved: 5,
      failureReason: 'AWS.SimpleQueueService.NonExistentQueue',
    });
  });

  it('--dry-run reports the approximate count and starts nothing', async () => {
    // act
    const { exitCode, io } = await run({ dryRun: true });

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(sqsMock.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);
    expect(io.stdout.text()).toContain('would move about 40 message(s)');
  });

  it('is wired into the program: --native with --max-per-second through commander', async () => {
    // prepare
    sqsMock.on(ListMessageMoveTasksCommand).resolves({
      Results: [{ Status: 'COMPLETED', StartedTimestamp: STARTED, ApproximateNumberOfMessagesMoved: 40 }],
    });
    const io = memoryIo();
    const context: CliContext = {
      ...io,
      env: { RELAY_DLQ_URL: DLQ_URL },
      clients: {
        sqs: () => new SQSClient({ region: 'eu-west-1' }),
        cloudFormation: () => {
          throw new Error('no stack in this test');
        },
      },
      now: () => new Date(STARTED),
      sleep: async () => {},
    };

    // act
    const exitCode = await runCli(['dlq', 'replay', '--native', '--max-per-second', '50', '--json'], context);

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(sqsMock.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({
      SourceArn: DLQ_ARN,
      MaxNumberOfMessagesPerSecond: 50,
    });
    expect(JSON.parse(io.stdout.text())).toMatchObject({ status: 'COMPLETED', moved: 40 });
  });
});

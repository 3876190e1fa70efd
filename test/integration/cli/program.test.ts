import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultAwsClientFactory } from '../../../cli/aws-clients';
import type { CliContext } from '../../../cli/context';
import { ExitCode } from '../../../cli/errors';
import { runCli } from '../../../cli/program';
import {
  createLocalSqsClient,
  type EmbeddedSqs,
  LOCAL_AWS_CREDENTIALS,
  LOCAL_REGION,
  type QueuePair,
  startEmbeddedSqs,
} from '../../../local/embedded-sqs';
import { aRelationshipBody, aRelayFailure, putDeadLetter } from '../../support/dead-letter-builder';
import { memoryIo } from '../../support/memory-io';
import { drainQueue, queueDepth } from '../../support/queue-drain';

const CSV = [
  'source_doc_id__v,source_major_version__v,source_minor_version__v,target_doc_id__v,relationship_type__v',
  '548,0,1,549,supporting_documents__vs',
  '550,0,1,551,supporting_documents__vs',
].join('\n');

describe('the relay program (commander) end to end', () => {
  let sqs: EmbeddedSqs;
  let pair: QueuePair;
  let dir: string;
  let csvPath: string;

  beforeAll(async () => {
    sqs = await startEmbeddedSqs();
    pair = await sqs.createQueuePair({ name: 'program', maxReceiveCount: 8 });
    dir = await mkdtemp(join(tmpdir(), 'relay-program-'));
    csvPath = join(dir, 'links.csv');
    await writeFile(csvPath, CSV);
  });
  afterAll(async () => {
    await sqs.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A context whose clients talk to the emulator, like `--endpoint` with local credentials would. */
  const context = (env: NodeJS.ProcessEnv = {}) => {
    const io = memoryIo();
    const value: CliContext = {
      ...io,
      env,
      clients: {
        sqs: ({ endpoint }) => createLocalSqsClient(endpoint ?? sqs.endpoint),
        cloudFormation: ({ region }) =>
          new CloudFormationClient({ region: region ?? LOCAL_REGION, credentials: LOCAL_AWS_CREDENTIALS }),
      },
      now: () => new Date(),
      sleep: async () => {},
    };
    return { context: value, io };
  };

  it('enqueues a file with the queue URL from the environment', async () => {
    // prepare
    const { context: ctx, io } = context({ RELAY_QUEUE_URL: pair.sourceUrl });

    // act
    const exitCode = await runCli(['enqueue', csvPath], ctx);

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(io.stdout.text()).toContain('Sent 2 of 2 messages');
    expect(await drainQueue(sqs.client, pair.sourceUrl)).toHaveLength(2);
  });

  it('enqueue --dry-run validates without any queue; invalid rows make it exit 2', async () => {
    // prepare
    const badPath = join(dir, 'bad.csv');
    await writeFile(badPath, `${CSV}\n552,0,1,abc,supporting_documents__vs\n`);
    const good = context();
    const bad = context();

    // act
    const goodExit = await runCli(['enqueue', csvPath, '--dry-run'], good.context);
    const badExit = await runCli(['enqueue', badPath, '--dry-run'], bad.context);

    // assess
    expect(goodExit).toBe(ExitCode.Ok);
    expect(good.io.stdout.text()).toBe('Dry run: 2 valid rows would be sent.\n');
    expect(badExit).toBe(ExitCode.Usage);
    expect(bad.io.stderr.text()).toContain('line 4: target_doc_id__v must be a non-negative integer');
  });

  it('honours --endpoint with the real client factory (queue URL hosts are not dialled)', async () => {
    // prepare: the real factory, credentials and region from the environment as an operator would set them
    const io = memoryIo();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('AWS_REGION', LOCAL_REGION);
    const ctx: CliContext = {
      ...io,
      env: {},
      clients: defaultAwsClientFactory,
      now: () => new Date(),
      sleep: async () => {},
    };

    // act
    const exitCode = await runCli(
      ['enqueue', csvPath, '--queue-url', pair.sourceUrl, '--endpoint', sqs.endpoint, '--json'],
      ctx,
    );

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(JSON.parse(io.stdout.text())).toMatchObject({ sent: 2, exitCode: 0 });
    expect(await drainQueue(sqs.client, pair.sourceUrl)).toHaveLength(2);
  });

  it('reads queue URLs from the stack outputs with --stack', async () => {
    // prepare
    const cloudFormation = mockClient(CloudFormationClient);
    cloudFormation.on(DescribeStacksCommand, { StackName: 'relay-prod' }).resolves({
      Stacks: [
        {
          StackName: 'relay-prod',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'SourceQueueUrl', OutputValue: pair.sourceUrl },
            { OutputKey: 'DeadLetterQueueUrl', OutputValue: pair.dlqUrl },
          ],
        },
      ],
    });
    await putDeadLetter(sqs.client, pair.dlqUrl, {
      body: aRelationshipBody(7),
      failure: aRelayFailure({ sourceQueue: pair.sourceUrl }),
    });
    const { context: ctx, io } = context({ RELAY_DLQ_URL: 'https://ignored.example/queue' });

    // act
    const exitCode = await runCli(['dlq', 'replay', '--stack', 'relay-prod', '--json', '--wait', '0'], ctx);
    cloudFormation.restore();

    // assess
    expect(exitCode).toBe(ExitCode.Ok);
    expect(JSON.parse(io.stdout.text())).toMatchObject({ dlqUrl: pair.dlqUrl, moved: 1 });
    expect(await drainQueue(sqs.client, pair.sourceUrl)).toHaveLength(1);
  });

  it('a missing stack is an AWS/config error with a clear message', async () => {
    // prepare
    const cloudFormation = mockClient(CloudFormationClient);
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(
        Object.assign(new Error('Stack with id relay-typo does not exist'), { name: 'ValidationError' }),
      );
    const { context: ctx, io } = context();

    // act
    const exitCode = await runCli(['dlq', 'inspect', '--stack', 'relay-typo'], ctx);
    cloudFormation.restore();

    // assess
    expect(exitCode).toBe(ExitCode.AwsOrConfig);
    expect(io.stderr.text()).toBe('relay: stack relay-typo does not exist (check the name and the region)\n');
  });

  it('a queue that does not exist is exit 3 with one line and no stack trace', async () => {
    // prepare
    const { context: ctx, io } = context();
    const missing = pair.dlqUrl.replace(/program-dlq$/, 'no-such-queue');

    // act
    const exitCode = await runCli(['dlq', 'inspect', '--dlq-url', missing], ctx);

    // assess
    expect(exitCode).toBe(ExitCode.AwsOrConfig);
    expect(io.stderr.text()).toBe(
      'relay: queue does not exist (check the queue URL, the region and the account)\n',
    );
  });

  it('missing credentials are exit 3 with what to set', async () => {
    // prepare: the SDK's credential chain found nothing
    const sqsMock = mockClient(SQSClient);
    sqsMock.on(ReceiveMessageCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    const { context: ctx, io } = context({ RELAY_DLQ_URL: pair.dlqUrl });

    // act
    const exitCode = await runCli(['dlq', 'inspect'], ctx);
    sqsMock.restore();

    // assess
    expect(exitCode).toBe(ExitCode.AwsOrConfig);
    expect(io.stderr.text()).toContain('relay: no AWS credentials found');
    expect(io.stderr.text()).not.toMatch(/\n\s+at /);
  });

  it.each([
    [
      ['enqueue', '/nonexistent/links.csv', '--queue-url', 'http://127.0.0.1:1/q'],
      'cannot read /nonexistent/links.csv: no such file',
    ],
    [
      ['dlq', 'inspect', '--samples', 'many', '--dlq-url', 'http://127.0.0.1:1/q-dlq'],
      "option '--samples <n>' argument 'many' is invalid",
    ],
    [
      ['dlq', 'replay', '--older-than', '3 weeks', '--dlq-url', 'http://127.0.0.1:1/q-dlq'],
      'invalid duration "3 weeks"',
    ],
    [
      ['dlq', 'replay', '--native', '--code', 'X', '--dlq-url', 'http://127.0.0.1:1/q-dlq'],
      '--native moves everything',
    ],
    [['dlq', 'inspect'], 'no dead-letter queue URL: pass --dlq-url, --stack NAME or set RELAY_DLQ_URL'],
    [['dlq', 'purge'], "unknown command 'purge'"],
    [['dlq', 'inspect', '--bogus'], "relay: unknown option '--bogus'"],
  ])('usage problem %j is exit 2: %s', async (argv, message) => {
    // prepare
    const { context: ctx, io } = context();

    // act
    const exitCode = await runCli(argv, ctx);

    // assess
    expect(exitCode).toBe(ExitCode.Usage);
    expect(io.stderr.text()).toContain(message);
  });

  it('the relay bin runs the real program against the emulator (AWS_ENDPOINT_URL_SQS)', async () => {
    // prepare
    await putDeadLetter(sqs.client, pair.dlqUrl, {
      body: aRelationshipBody(9),
      failure: aRelayFailure({ code: 'VAULT_EXCEPTION' }),
    });
    const env = {
      PATH: process.env.PATH,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: LOCAL_REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      RELAY_DLQ_URL: pair.dlqUrl,
    };

    // act
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['cli/bin.mjs', 'dlq', 'inspect', '--json'],
      { env },
    );

    // assess
    expect(JSON.parse(stdout)).toMatchObject({ total: 1, codes: [{ code: 'VAULT_EXCEPTION', count: 1 }] });
    expect(await queueDepth(sqs.client, pair.dlqUrl)).toEqual({ visible: 1, inFlight: 0 });
    await drainQueue(sqs.client, pair.dlqUrl);
  });
});

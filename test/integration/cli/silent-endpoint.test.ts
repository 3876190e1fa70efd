import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqsClientConfig } from '../../../cli/aws-clients';
import type { CliContext } from '../../../cli/context';
import { ExitCode } from '../../../cli/errors';
import { runCli } from '../../../cli/program';
import { LOCAL_AWS_CREDENTIALS, LOCAL_REGION } from '../../../local/embedded-sqs';
import { memoryIo } from '../../support/memory-io';

const CSV =
  'source_doc_id__v,source_major_version__v,source_minor_version__v,target_doc_id__v,relationship_type__v\n' +
  '548,0,1,549,supporting_documents__vs\n';

describe('relay against an endpoint that accepts connections and never answers', () => {
  let server: Server;
  let endpoint: string;
  const sockets = new Set<Socket>();
  let dir: string;

  beforeAll(async () => {
    // prepare: a listener that takes every connection and says nothing (a hung proxy or emulator)
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    endpoint = `http://127.0.0.1:${address.port}`;
    dir = await mkdtemp(join(tmpdir(), 'relay-silent-'));
    await writeFile(join(dir, 'links.csv'), CSV);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  const context = (): { context: CliContext; io: ReturnType<typeof memoryIo> } => {
    const io = memoryIo();
    return {
      io,
      context: {
        ...io,
        env: {},
        clients: {
          // The real client settings with a short answer deadline, so the test is quick.
          sqs: (options) =>
            new SQSClient({
              ...sqsClientConfig({ ...options, region: LOCAL_REGION }, { requestTimeoutMs: 300 }),
              credentials: LOCAL_AWS_CREDENTIALS,
            }),
          cloudFormation: () => new CloudFormationClient({ region: LOCAL_REGION }),
        },
        now: () => new Date(),
        sleep: async () => {},
      },
    };
  };

  it('enqueue gives up with exit 3 and says the endpoint did not answer, instead of hanging', async () => {
    // prepare
    const { context: ctx, io } = context();
    const queueUrl = `${endpoint}/000000000000/relationships`;

    // act
    const exitCode = await runCli(
      ['enqueue', join(dir, 'links.csv'), '--queue-url', queueUrl, '--endpoint', endpoint],
      ctx,
    );

    // assess
    expect(exitCode).toBe(ExitCode.AwsOrConfig);
    expect(io.stderr.text()).toMatch(/relay: the endpoint did not answer in time/);
    expect(io.stderr.text()).not.toMatch(/\n\s+at /);
  });

  it('by default every SQS client gives up on a silent endpoint (connection and answer deadlines)', () => {
    // act
    const config = sqsClientConfig({ endpoint, region: LOCAL_REGION });

    // assess
    expect(config.requestHandler).toMatchObject({
      connectionTimeout: expect.any(Number),
      requestTimeout: expect.any(Number),
      throwOnRequestTimeout: true,
    });
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_AWS_CREDENTIALS, LOCAL_REGION } from '../../../local/embedded-sqs';
import { type RelayHarness, SECRET_ID, startRelayHarness } from '../../support/relay-handler-harness';
import { buildLambdaContext, relationshipBody } from '../../support/sqs-event-builder';

describe('the exported Lambda handler', () => {
  let harness: RelayHarness;
  afterEach(async () => harness?.stop());

  it('reads its environment on the first invocation and talks to the endpoints the SDK is pointed at', async () => {
    harness = await startRelayHarness();
    for (const [name, value] of Object.entries({
      VAULT_SECRET_ID: SECRET_ID,
      DLQ_URL: harness.queues.dlqUrl,
      SOURCE_QUEUE_URL: harness.queues.sourceUrl,
      AWS_ENDPOINT_URL_SQS: harness.sqs.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: harness.secrets.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
    })) {
      vi.stubEnv(name, value);
    }
    const { handler } = await import('../../../functions/create-relationships/handler');
    await harness.send([relationshipBody(), 'not json']);
    const event = await harness.receiveEvent(2);

    const response = await handler(event, buildLambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(harness.vault.relationships()).toHaveLength(1);
    expect((await harness.readDeadLetters(1)).map((letter) => letter.Body)).toEqual(['not json']);
    expect(harness.secrets.reads(SECRET_ID)).toBe(1);
    expect(harness.rawLogs()).not.toContain('differs from SQSClient');
  });
});

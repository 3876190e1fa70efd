import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_USER, DEFAULT_VAULTS } from '../../../local/fake-vault';
import { type RelayHarness, SECRET_ID, startRelayHarness } from '../../support/relay-handler-harness';
import {
  buildLambdaContext,
  buildSqsEvent,
  buildSqsRecord,
  relationshipBody,
} from '../../support/sqs-event-builder';

describe('relay handler when the operator re-points the secret at another vault', () => {
  let harness: RelayHarness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('writes the next batch to the vault the secret now names, not on the old session', async () => {
    // Prepare: a warm container with a live session on the first vault; the secret is read every time.
    harness = await startRelayHarness({ environment: { SECRET_CACHE_SECONDS: '0' } });
    const [first, second] = DEFAULT_VAULTS;
    await harness.handler(buildSqsEvent([buildSqsRecord()]), buildLambdaContext());
    harness.secrets.putSecret(SECRET_ID, {
      vaultDns: second?.dns,
      vaultUrl: harness.vault.url,
      username: DEFAULT_USER.username,
      password: DEFAULT_USER.password,
    });

    // Act
    const response = await harness.handler(
      buildSqsEvent([buildSqsRecord({ body: relationshipBody({ target_doc_id__v: 550 }) })]),
      buildLambdaContext(),
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(harness.vault.relationships(first?.id).map((row) => row.target_doc_id__v)).toEqual([549]);
    expect(harness.vault.relationships(second?.id).map((row) => row.target_doc_id__v)).toEqual([550]);
    expect(harness.vault.calls().auth).toBe(2);
  });
});

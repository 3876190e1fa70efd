import type { SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { relayFailureSchema } from '../../../functions/relationships/dead-letter-format';
import { DEFAULT_USER } from '../../../local/fake-vault';
import { type RelayHarness, startRelayHarness } from '../../support/relay-handler-harness';
import {
  binaryAttribute,
  buildLambdaContext,
  buildSqsEvent,
  buildSqsRecord,
  relationshipBody,
  stringAttribute,
} from '../../support/sqs-event-builder';

const SPECIAL_PASSWORD = 'P&ss=w+rd %41%2B ü€ "quoted" #1';

describe('relay handler against hostile input', () => {
  let harness: RelayHarness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('logs in with a password full of form-encoding characters and never writes it anywhere', async () => {
    harness = await startRelayHarness({
      vault: { users: [{ ...DEFAULT_USER, password: SPECIAL_PASSWORD }] },
      secret: (vault) => ({
        vaultDns: vault.dns,
        vaultUrl: vault.url,
        username: DEFAULT_USER.username,
        password: SPECIAL_PASSWORD,
      }),
    });
    const records = [buildSqsRecord(), buildSqsRecord({ body: '{"x": 1}' })];

    const response = await harness.handler(buildSqsEvent(records), buildLambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(harness.vault.loginFailures(DEFAULT_USER.username)).toBe(0);
    expect(harness.vault.relationships()).toHaveLength(1);
    const letters = await harness.readDeadLetters(1);
    const written = [harness.rawLogs(), JSON.stringify(letters)].join('\n');
    for (const secret of [SPECIAL_PASSWORD, ...harness.vault.issuedSessionIds()]) {
      expect(written).not.toContain(secret);
    }
  });

  it('parks every hostile body with a reason, keeps the producer attributes, and logs no body', async () => {
    harness = await startRelayHarness();
    const hostile = [
      `\uFEFF${relationshipBody()}`,
      relationshipBody().replace('{', '{"__proto__":{"polluted":true},'),
      relationshipBody().replace('{', '{"constructor":{"prototype":{"polluted":true}},'),
      relationshipBody({ relationship_type__v: `${'a'.repeat(10_000)}__v` }),
      relationshipBody({ relationship_type__v: 'Supporting_Documents__VS' }),
      relationshipBody({ relationship_type__v: '../../auth__v' }),
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      JSON.stringify({ ...JSON.parse(relationshipBody()), padding: 'x'.repeat(200_000) }),
      relationshipBody({ source_doc_id__v: '٥٤٨' }),
      relationshipBody({ source_doc_id__v: ' 548 ' }),
      relationshipBody({ source_doc_id__v: 2 ** 31 }),
      relationshipBody({ source_doc_id__v: null as unknown as number }),
      relationshipBody({ source_doc_id__v: [548] as unknown as number }),
    ];
    const attributes = {
      ...Object.fromEntries(
        Array.from({ length: 9 }, (_, index) => [`producer-${index}_x.y`, stringAttribute(`v${index}`)]),
      ),
      blob: binaryAttribute(new Uint8Array([0, 255, 1])),
      'relay.failure': stringAttribute('{"code":"OLD"}'),
    };
    const records = hostile.map((body) => buildSqsRecord({ body, messageAttributes: attributes }));

    const response = await harness.handler(buildSqsEvent(records), buildLambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(harness.vault.relationships()).toEqual([]);
    expect(Object.prototype).not.toHaveProperty('polluted');
    const letters = await harness.readDeadLetters(records.length);
    expect(letters).toHaveLength(records.length);
    for (const letter of letters) {
      const names = Object.keys(letter.MessageAttributes ?? {});
      expect(names.length).toBeLessThanOrEqual(10);
      const failure = relayFailureSchema.parse(
        JSON.parse(letter.MessageAttributes?.['relay.failure']?.StringValue ?? 'null'),
      );
      expect(failure).toMatchObject({ code: 'INVALID_MESSAGE', category: 'permanent' });
      expect(failure.message.length).toBeGreaterThan(10);
      expect(failure.message.length).toBeLessThanOrEqual(500);
      expect(hostile).toContain(letter.Body);
    }
    const logs = harness.rawLogs();
    for (const body of hostile) expect(logs).not.toContain(body);
    expect(logs).not.toContain('x'.repeat(600));
  });

  it('hands custom-typed and odd-named producer attributes to the DLQ unchanged', async () => {
    harness = await startRelayHarness();
    const longName = `n${'x'.repeat(255)}`;
    const attributes = {
      'a-b_c.d': { DataType: 'Number.float', StringValue: '-1.5e3' },
      [longName]: { DataType: 'String.json', StringValue: '{"ü":"€ \u0000"}' },
      gz: { DataType: 'Binary.gzip', BinaryValue: new Uint8Array([31, 139, 8, 0, 255]) },
    };
    await harness.send([{ body: '{"not": "a relationship"}', attributes }]);
    const event = await harness.receiveEvent(1);

    const response = await harness.invoke(event);

    expect(response).toEqual({ batchItemFailures: [] });
    const [letter] = await harness.readDeadLetters(1);
    const kept = letter?.MessageAttributes ?? {};
    expect(kept['a-b_c.d']).toMatchObject({ DataType: 'Number.float', StringValue: '-1.5e3' });
    expect(kept[longName]).toMatchObject({ DataType: 'String.json', StringValue: '{"ü":"€ \u0000"}' });
    expect(kept.gz?.DataType).toBe('Binary.gzip');
    expect([...(kept.gz?.BinaryValue ?? [])]).toEqual([31, 139, 8, 0, 255]);
  });

  it('settles records without system attributes or far past the attempt limit', async () => {
    harness = await startRelayHarness({ environment: { MAX_ATTEMPTS: '3' } });
    harness.vault.injectFaults('create_bulk', ['http_503']);
    const bare: SQSRecord = { ...buildSqsRecord(), attributes: {} as SQSRecord['attributes'] };
    const late = buildSqsRecord({ body: relationshipBody({ target_doc_id__v: 550 }), receiveCount: 5000 });

    const response = await harness.handler(buildSqsEvent([bare, late]), buildLambdaContext());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: bare.messageId }] });
    const outcomes = new Map(harness.outcomeLines().map((line) => [line.messageId, line]));
    expect(outcomes.get(bare.messageId)).toMatchObject({ outcome: 'retried', attempts: 1 });
    expect(outcomes.get(late.messageId)).toMatchObject({ outcome: 'exhausted', attempts: 5000 });
    const [letter] = await harness.readDeadLetters(1);
    expect(letter?.Body).toBe(late.body);
  });

  // Harness: VAULT_TIMEOUT_MS 3000 + SAFETY_MARGIN_MS 1000. At 5 ms or less middy itself fails the
  // invocation (its timeoutEarlyInMillis), which SQS answers by redelivering the whole batch.
  it.each([500, 1_000, 3_999])(
    'starts no Vault call when the remaining time is %i ms, and retries every valid message',
    async (remainingMs) => {
      harness = await startRelayHarness();
      const records = [
        buildSqsRecord(),
        buildSqsRecord({ body: relationshipBody({ target_doc_id__v: 550 }) }),
      ];
      const context = { ...buildLambdaContext(), getRemainingTimeInMillis: () => remainingMs };

      const response = await harness.handler(buildSqsEvent(records), context);

      expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
        records.map((record) => record.messageId),
      );
      expect(harness.vault.calls()).toEqual({});
      expect(harness.outcomeLines().map((line) => line.code)).toEqual(['DEADLINE', 'DEADLINE']);
    },
  );

  it('answers an empty batch, and an event without Records, with no failures and no calls', async () => {
    harness = await startRelayHarness();

    const empty = await harness.handler(buildSqsEvent([]), buildLambdaContext());
    const missing = await harness.handler({} as never, buildLambdaContext());

    expect(empty).toEqual({ batchItemFailures: [] });
    expect(missing).toEqual({ batchItemFailures: [] });
    expect(harness.vault.calls()).toEqual({});
  });
});

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExecutionIdRecorder } from '../../../functions/observability/execution-id-recorder';
import { createPowertoolsTelemetry } from '../../../functions/observability/powertools-telemetry';
import { type LogCapture, startLogCapture } from '../../../local/soak/log-capture';

const parsed = (lines: string[]) =>
  lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));

describe('createPowertoolsTelemetry', () => {
  let logs: LogCapture;
  beforeEach(() => {
    logs = startLogCapture();
  });
  afterEach(() => {
    logs.stop();
  });

  it('logs each outcome at its level with the last Vault execution id, and counts outcomes as metrics', () => {
    const logger = new Logger({ serviceName: 'relay-test' });
    const metrics = new Metrics({ namespace: 'RelayTest', serviceName: 'relay-test' });
    const telemetry = createPowertoolsTelemetry(logger, metrics, () => 'exec-2');

    telemetry.messageOutcome({
      messageId: 'a',
      outcome: 'created',
      attempts: 1,
      sentToVault: true,
      relationshipId: 7,
    });
    telemetry.messageOutcome({
      messageId: 'b',
      outcome: 'rejected',
      attempts: 1,
      sentToVault: false,
      code: 'INVALID_MESSAGE',
    });
    telemetry.messageOutcome({
      messageId: 'c',
      outcome: 'retried',
      attempts: 2,
      sentToVault: false,
      deadLetter: 'failed',
    });
    telemetry.finishInvocation({ vaultCalls: { calls: 3, lowestBurstRemaining: 42, delayedResponses: 0 } });
    metrics.publishStoredMetrics();

    const lines = parsed(logs.lines());
    const outcomes = lines.filter((line) => line.message === 'message outcome');
    expect(outcomes.map((line) => [line.messageId, line.level, line.vaultExecutionId])).toEqual([
      ['a', 'INFO', 'exec-2'],
      ['b', 'WARN', undefined],
      ['c', 'ERROR', undefined],
    ]);
    const emf = lines.find((line) => '_aws' in line);
    expect(emf).toMatchObject({
      Created: 1,
      AlreadyExisted: 0,
      Rejected: 1,
      Retried: 1,
      Exhausted: 0,
      DeadLetterSendFailed: 1,
      VaultCalls: 3,
      LowestBurstRemaining: 42,
    });
  });
});

describe('createExecutionIdRecorder', () => {
  it('remembers X-VaultAPI-ExecutionId whatever its case, and starts over on take', async () => {
    const answers = [
      new Response('{}', { headers: { 'X-VaultAPI-ExecutionId': 'first' } }),
      new Response('{}', { headers: { 'x-vaultapi-executionid': 'second' } }),
      new Response('<html>'),
    ];
    const recorder = createExecutionIdRecorder(async () => answers.shift() as Response);

    for (let call = 0; call < 3; call += 1) await recorder.fetch('http://127.0.0.1/');

    expect(recorder.latest()).toBe('second');
    expect(recorder.take()).toEqual(['first', 'second']);
    expect(recorder.latest()).toBeUndefined();
    expect(recorder.take()).toEqual([]);
  });
});

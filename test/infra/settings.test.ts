import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/relationships/errors';
import { createRelayApp } from '../../infra/relay-app';
import { parseRelaySettings, RELAY_SETTING_KEYS } from '../../infra/settings';
import { thrownOfType } from '../support/caught-error';
import { cdkJsonContext } from '../support/relay-stack-builder';

const configErrorOf = (act: () => unknown): ConfigError => thrownOfType(act, ConfigError);

describe('parseRelaySettings', () => {
  it('has the defaults cdk.json documents, so the two cannot drift apart', () => {
    const context = cdkJsonContext();
    const documented = Object.fromEntries(
      RELAY_SETTING_KEYS.filter((key) => key in context).map((key) => [key, context[key]]),
    );

    const defaults = parseRelaySettings({});

    expect(defaults).toEqual(documented);
  });

  it('accepts -c values, which always arrive as strings', () => {
    const raw = {
      batchSize: '250',
      maxConcurrency: '4',
      logLevel: 'debug',
      logRetentionDays: '14',
      vaultSecret: '',
    };

    const settings = parseRelaySettings(raw);

    expect(settings).toMatchObject({
      batchSize: 250,
      maxConcurrency: 4,
      logLevel: 'DEBUG',
      logRetentionDays: 14,
    });
    expect(settings.vaultSecret).toBeUndefined();
  });

  it('lists every bad key in one readable error, with the value given', () => {
    const raw = {
      batchSize: 'lots',
      maxConcurrency: '1',
      alarmEmail: 'ops',
      timeoutSeconds: '1e3',
      logRetentionDays: 4,
    };

    const error = configErrorOf(() => parseRelaySettings(raw));

    expect(error.settings).toEqual([
      'alarmEmail',
      'batchSize',
      'maxConcurrency',
      'timeoutSeconds',
      'logRetentionDays',
    ]);
    expect(error.message).toContain('batchSize: must be a whole number from 1 to 1000 (got "lots")');
    expect(error.message).toContain('maxConcurrency: must be a whole number from 2 to 1000 (got "1")');
    expect(error.message).toContain('alarmEmail: must be an e-mail address (got "ops")');
    expect(error.message).toContain('logRetentionDays: must be one of 1, 3, 5, 7, 14, 30');
  });

  it('refuses a function timeout too short for one Vault call plus the safety margin', () => {
    const error = configErrorOf(() => parseRelaySettings({ timeoutSeconds: '15' }));

    expect(error.settings).toEqual(['timeoutSeconds']);
    expect(error.message).toContain('timeoutSeconds: must be a whole number from 30 to 900 (got "15")');
  });

  it('requires a batching window when the batch is larger than Lambda allows without one', () => {
    const error = configErrorOf(() => parseRelaySettings({ batchSize: 50, maxBatchingWindowSeconds: 0 }));

    expect(error.settings).toEqual(['maxBatchingWindowSeconds']);
    expect(error.message).toContain('must be at least 1 when batchSize (50) is above 10');
  });

  it('keeps the source retention below the DLQ retention', () => {
    const error = configErrorOf(() => parseRelaySettings({ sourceRetentionDays: 14 }));

    expect(error.settings).toEqual(['sourceRetentionDays']);
  });

  it('takes a secret name or a complete ARN, and refuses a partial ARN', () => {
    const complete = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:relay/vault-AbC123';

    const byName = parseRelaySettings({ vaultSecret: 'relay/vault' });
    const byArn = parseRelaySettings({ vaultSecret: complete });
    const partial = configErrorOf(() =>
      parseRelaySettings({ vaultSecret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:relay' }),
    );

    expect(byName.vaultSecret).toBe('relay/vault');
    expect(byArn.vaultSecret).toBe(complete);
    expect(partial.message).toContain(
      'vaultSecret: must be a Secrets Manager secret name, or its complete ARN',
    );
  });
});

describe('createRelayApp with invalid context', () => {
  it('fails before building anything, naming the key', () => {
    const context = { ...cdkJsonContext(), batchSize: 'abc' };

    const error = configErrorOf(() => createRelayApp({ context }));

    expect(error.settings).toEqual(['batchSize']);
    expect(error.message).toMatch(
      /^Invalid stack settings \(cdk\.json "context" or -c key=value\):\n {2}- batchSize:/,
    );
  });
});

describe('infra/app.ts, the entry `cdk synth` runs', () => {
  it('prints the bad keys without a stack trace and exits 1', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'relay-cdk-'));
    const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
    // The CDK CLI hands context and output directory to the app through these two variables.
    const env = {
      ...process.env,
      CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext(), batchSize: 'abc', alarmEmail: 'ops' }),
      CDK_OUTDIR: outdir,
    };

    const run = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
    });
    rmSync(outdir, { recursive: true, force: true });

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('  - alarmEmail: must be an e-mail address (got "ops")');
    expect(run.stderr).toContain('  - batchSize: must be a whole number from 1 to 1000 (got "abc")');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

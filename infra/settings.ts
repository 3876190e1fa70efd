import { z } from 'zod';
import { ConfigError } from '../functions/relationships/errors';

/**
 * Deployment settings, read from cdk.json `context` or `-c key=value`. Values given on the command
 * line always arrive as strings, so numbers are accepted as numbers or as plain digit strings and
 * nothing else ("", "1e3", "12abc" are refused rather than silently coerced).
 */
const integerSetting = (min: number, max: number) => {
  const rule = `must be a whole number from ${min} to ${max}`;
  return z
    .union([z.int(rule), z.string().trim().regex(/^\d+$/, rule).transform(Number)], { error: rule })
    .pipe(z.int(rule).min(min, rule).max(max, rule));
};

// An empty `-c key=` means "not set", the same as leaving the key out.
const optionalText = <T extends z.ZodType>(rule: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), rule.optional());

// Levels both Lambda's log filter and Powertools accept (Lambda has no CRITICAL, Powertools no FATAL).
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

// Values CloudWatch Logs accepts for a log group's retention (days); a typo fails at synth, not deploy.
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** DLQ retention is fixed at SQS's maximum so parked messages outlive any source-queue setting. */
export const DEAD_LETTER_RETENTION_DAYS = 14;

export const relaySettingsSchema = z
  .object({
    stackName: z
      .string()
      .regex(
        /^[A-Za-z][A-Za-z0-9-]{0,61}$/,
        // 62 + '-relationships-dlq' is exactly SQS's 80-character limit for a queue name.
        'must start with a letter and use only letters, digits and hyphens (max 62)',
      )
      .default('VaultRelationshipRelay'),
    vaultSecret: optionalText(
      z
        .string()
        .regex(
          /^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}|(?!arn:)[A-Za-z0-9/_+=.@-]{1,512})$/,
          'must be a Secrets Manager secret name, or its complete ARN (ending in -XXXXXX)',
        ),
    ),
    alarmEmail: optionalText(z.email('must be an e-mail address')),
    batchSize: integerSetting(1, 1000).default(200),
    maxBatchingWindowSeconds: integerSetting(0, 300).default(5),
    maxConcurrency: integerSetting(2, 1000).default(2),
    memorySize: integerSetting(128, 10240).default(256),
    // Below 30 s no Vault call could start: the handler keeps VAULT_TIMEOUT_MS (10 s) plus
    // SAFETY_MARGIN_MS (5 s) free before each call, and every message would be exhausted unstarted.
    timeoutSeconds: integerSetting(30, 900).default(60),
    maxAttempts: integerSetting(1, 50).default(5),
    sourceRetentionDays: integerSetting(1, DEAD_LETTER_RETENTION_DAYS - 1).default(4),
    oldestMessageAlarmSeconds: integerSetting(60, 86_400).default(900),
    logRetentionDays: integerSetting(1, 3653)
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    logLevel: z
      .string()
      .transform((value) => value.toUpperCase())
      .pipe(z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`))
      .default('INFO'),
    vaultApiVersion: z
      .string()
      // The handler's own rule: fail at synth rather than at the first cold start.
      .regex(/^v\d{2}\.[123]$/, 'must be a Vault API version such as v25.2')
      .default('v25.2'),
    vaultClientId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1-100 letters, digits, dots, underscores or hyphens')
      .default('vault-relationship-relay'),
  })
  .superRefine((settings, ctx) => {
    // Lambda refuses batches above 10 without a batching window; say so before CloudFormation does.
    if (settings.batchSize > 10 && settings.maxBatchingWindowSeconds < 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxBatchingWindowSeconds'],
        message: `must be at least 1 when batchSize (${settings.batchSize}) is above 10`,
      });
    }
  });

export type RelaySettings = z.output<typeof relaySettingsSchema>;
export type RelaySettingsInput = z.input<typeof relaySettingsSchema>;

/** The context keys this app reads; everything else in the context belongs to the CDK. */
export const RELAY_SETTING_KEYS = Object.keys(relaySettingsSchema.shape) as (keyof RelaySettings)[];

/** Validates every setting at once and throws one ConfigError that lists each bad key. */
export const parseRelaySettings = (raw: Record<string, unknown>): RelaySettings => {
  const result = relaySettingsSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(settings)';
    const given = key in raw ? ` (got ${JSON.stringify(raw[key])})` : '';
    return { key, text: `  - ${key}: ${issue.message}${given}` };
  });
  throw new ConfigError(
    `Invalid stack settings (cdk.json "context" or -c key=value):\n${problems.map((p) => p.text).join('\n')}`,
    [...new Set(problems.map((p) => p.key))],
  );
};

/** Reads this app's keys from a construct's context (cdk.json, -c flags, or a test's App context). */
export const readRelaySettings = (tryGetContext: (key: string) => unknown): RelaySettings => {
  const raw: Record<string, unknown> = {};
  for (const key of RELAY_SETTING_KEYS) {
    const value = tryGetContext(key);
    if (value !== undefined) raw[key] = value;
  }
  return parseRelaySettings(raw);
};

import { z } from 'zod';
import { ConfigError } from './relationships/errors';

/** Everything the relay reads from its Lambda environment, validated and typed. */
export interface RelayConfig {
  vaultSecretId: string;
  dlqUrl: string;
  sourceQueueUrl: string;
  vaultApiVersion: string;
  maxAttempts: number;
  vaultClientId: string;
  secretCacheSeconds: number;
  vaultTimeoutMs: number;
  burstReserveFraction: number;
  safetyMarginMs: number;
  /** Containers that may pace against the vault at once; each pacer spends its share of the budget. */
  pacerContainers: number;
}

type Environment = Record<string, string | undefined>;

// An empty value is what a template leaves behind when a setting was meant to be omitted: a
// defaulted setting then takes its default, a required one is reported as missing.
const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

// Number() also reads hex, binary, octal and exponent notation ("0x10" is 16): only plain decimal
// text is taken, anything else fails the number check below with the variable's name.
const plainDecimal = (pattern: RegExp) => (value: unknown) => {
  const present = blankToUndefined(value);
  return typeof present === 'string' && !pattern.test(present.trim()) ? Number.NaN : present;
};
const PLAIN_INTEGER = /^[+-]?\d+$/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

const isMissing = (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : undefined);

const queueUrl = z.preprocess(
  blankToUndefined,
  z.url({
    protocol: /^https?$/,
    error: (issue) =>
      isMissing(issue) ?? 'must be an SQS queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)',
  }),
);

// URL() lowercases the host; a trailing slash does not name another queue.
// Also called when a URL already failed its own check (zod still runs the refinement): undefined then.
const queueKey = (url: unknown): string | undefined => {
  if (typeof url !== 'string' || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
};

const integer = (fallback: number, min: number, max: number) =>
  z.preprocess(
    plainDecimal(PLAIN_INTEGER),
    z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );

const environmentSchema = z
  .object({
    VAULT_SECRET_ID: z.preprocess(blankToUndefined, z.string({ error: (issue) => isMissing(issue) })),
    DLQ_URL: queueUrl,
    SOURCE_QUEUE_URL: queueUrl,
    // v25.2 is the newest generally available version at the time of writing; older versions
    // are frozen, so pinning one keeps behaviour stable until someone moves it on purpose.
    VAULT_API_VERSION: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^v\d{2}\.[123]$/, 'must be a Vault API version such as v25.2')
        .default('v25.2'),
    ),
    // Kept below the queue's maxReceiveCount so the relay, not the native redrive, parks messages.
    MAX_ATTEMPTS: integer(5, 1, 100),
    VAULT_CLIENT_ID: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1-100 letters, digits, dots, underscores or hyphens')
        .default('vault-relationship-relay'),
    ),
    SECRET_CACHE_SECONDS: integer(300, 0, 86_400),
    VAULT_TIMEOUT_MS: integer(10_000, 100, 900_000),
    BURST_RESERVE_FRACTION: z.preprocess(
      plainDecimal(PLAIN_NUMBER),
      z.coerce
        .number({ error: 'must be a number' })
        .min(0, 'must be at least 0')
        .lt(1, 'must be below 1')
        .default(0.2),
    ),
    SAFETY_MARGIN_MS: integer(5_000, 0, 900_000),
    // The event source's maximum concurrency (the stack passes it; 2 is its default): every
    // container's pacer reads the same Remaining, so each spends only this share of the rate.
    PACER_CONTAINERS: integer(2, 1, 1_000),
  })
  .superRefine((env, ctx) => {
    // A DLQ that is the source queue sends every parked message straight back: it is never parked,
    // cycles forever, and the DLQ alarm never fires.
    const dlq = queueKey(env.DLQ_URL);
    if (dlq !== undefined && dlq === queueKey(env.SOURCE_QUEUE_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['DLQ_URL'],
        message: 'must name another queue than SOURCE_QUEUE_URL',
      });
    }
  });

/**
 * Reads and validates the relay's settings. Every problem is reported in one ConfigError that
 * names each offending variable, so a broken deployment is fixed in one go, not one per cold start.
 */
export const loadConfig = (environment: Environment = process.env): RelayConfig => {
  const result = environmentSchema.safeParse(environment);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => ({
      setting: String(issue.path[0]),
      text: `${String(issue.path[0])} ${issue.message}`,
    }));
    const settings = [...new Set(problems.map((problem) => problem.setting))];
    throw new ConfigError(
      `invalid configuration: ${problems.map((problem) => problem.text).join('; ')}`,
      settings,
    );
  }
  const env = result.data;
  return {
    vaultSecretId: env.VAULT_SECRET_ID,
    dlqUrl: env.DLQ_URL,
    sourceQueueUrl: env.SOURCE_QUEUE_URL,
    vaultApiVersion: env.VAULT_API_VERSION,
    maxAttempts: env.MAX_ATTEMPTS,
    vaultClientId: env.VAULT_CLIENT_ID,
    secretCacheSeconds: env.SECRET_CACHE_SECONDS,
    vaultTimeoutMs: env.VAULT_TIMEOUT_MS,
    burstReserveFraction: env.BURST_RESERVE_FRACTION,
    safetyMarginMs: env.SAFETY_MARGIN_MS,
    pacerContainers: env.PACER_CONTAINERS,
  };
};

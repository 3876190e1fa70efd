/**
 * Every failure in the relay is one of two kinds: worth retrying later, or never going to work.
 * The outcome of a message is decided by `instanceof` against these two bases, never by name strings.
 */
export type FailureCategory = 'transient' | 'permanent';

interface RelayErrorOptions {
  /** Vault's own error type (`INVALID_DATA`, `EXCEPTION`, ...) when Vault said it. */
  vaultErrorType?: string;
  cause?: unknown;
}

/** A failure that may succeed later: the message is returned to the queue. */
export class RetryableError extends Error {
  readonly category: FailureCategory = 'transient';
  readonly vaultErrorType?: string;
  /** A hint for the visibility delay, when the failure says how long to wait (burst window). */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: string,
    message: string,
    options: RelayErrorOptions & { retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'RetryableError';
    this.vaultErrorType = options.vaultErrorType;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A failure no retry can fix: the message goes to the DLQ at once. */
export class PermanentError extends Error {
  readonly category: FailureCategory = 'permanent';
  readonly vaultErrorType?: string;

  constructor(
    readonly code: string,
    message: string,
    options: RelayErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'PermanentError';
    this.vaultErrorType = options.vaultErrorType;
  }
}

/** The SQS body is not a valid relationship message; `fields` names what is wrong. */
export class InvalidMessageError extends PermanentError {
  constructor(
    message: string,
    readonly fields: readonly string[],
  ) {
    super('INVALID_MESSAGE', message);
    this.name = 'InvalidMessageError';
  }
}

/** A setting is missing or wrong; raised at cold start so the function never runs half-configured. */
export class ConfigError extends PermanentError {
  constructor(
    message: string,
    readonly settings: readonly string[],
  ) {
    super('CONFIG_INVALID', message);
    this.name = 'ConfigError';
  }
}

export const isRelayError = (error: unknown): error is RetryableError | PermanentError =>
  error instanceof RetryableError || error instanceof PermanentError;

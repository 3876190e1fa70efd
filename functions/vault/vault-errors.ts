import { PermanentError, RetryableError } from '../relationships/errors';

// Every message here is built from fixed text, Vault error types, Vault's own error message and
// host names: never from a password, a session id or a secret's raw text.

/** Vault said the failure is temporary (EXCEPTION, API_LIMIT_EXCEEDED, RACE_CONDITION, ...). */
export class VaultTransientError extends RetryableError {
  constructor(
    code: string,
    message: string,
    options: { vaultErrorType?: string; retryAfterSeconds?: number } = {},
  ) {
    super(code, message, options);
    this.name = 'VaultTransientError';
  }
}

/** Vault answered INVALID_SESSION_ID: the session layer logs in again once and repeats the call. */
export class VaultSessionExpiredError extends VaultTransientError {
  constructor(message: string) {
    super('VAULT_INVALID_SESSION_ID', message, { vaultErrorType: 'INVALID_SESSION_ID' });
    this.name = 'VaultSessionExpiredError';
  }
}

/** Vault refused the request itself (data, permission, unknown error type): retrying cannot help. */
export class VaultRejectedError extends PermanentError {
  constructor(code: string, message: string, options: { vaultErrorType?: string } = {}) {
    super(code, message, options);
    this.name = 'VaultRejectedError';
  }
}

/** The call did not reach Vault properly: network, timeout, non-200 status or a body that is not Vault JSON. */
export class VaultUnavailableError extends RetryableError {
  constructor(code: string, message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(code, message, options);
    this.name = 'VaultUnavailableError';
  }
}

/** Vault refused the login (wrong or rotating password, locked or inactive user): credentials unusable for now. */
export class VaultCredentialsError extends RetryableError {
  constructor(vaultErrorType: string, detail = 'credentials unusable') {
    super(`VAULT_${vaultErrorType}`, `Vault refused the login (${vaultErrorType}): ${detail}`, {
      vaultErrorType,
    });
    this.name = 'VaultCredentialsError';
  }
}

/**
 * Vault handed out a session for another vault than the configured DNS (auth defaulting). Retryable
 * because the data is fine and the fix is access for the user; nothing is written meanwhile.
 */
export class WrongVaultError extends RetryableError {
  constructor(expectedDns: string, actualHost: string | undefined) {
    super(
      'VAULT_WRONG_VAULT',
      `Vault gave a session for ${actualHost ?? 'an unknown vault'} instead of ${expectedDns}; session refused and ended`,
    );
    this.name = 'WrongVaultError';
  }
}

/** A recent login failed; no new login is tried until the breaker closes, so the Vault user is not locked out. */
export class LoginCircuitOpenError extends RetryableError {
  constructor(retryAfterSeconds: number, lastFailureCode: string) {
    super(
      'VAULT_LOGIN_CIRCUIT_OPEN',
      `a recent Vault login failed (${lastFailureCode}); no new login for ${retryAfterSeconds} s`,
      { retryAfterSeconds },
    );
    this.name = 'LoginCircuitOpenError';
  }
}

/** Too little invocation time is left to finish another Vault call; the row was not sent. */
export class DeadlineError extends RetryableError {
  constructor(remainingMs: number, neededMs: number) {
    super(
      'DEADLINE',
      `${remainingMs} ms left in the invocation, a Vault call needs ${neededMs} ms; not started`,
    );
    this.name = 'DeadlineError';
  }
}

/** The Vault secret cannot be read from Secrets Manager right now. */
export class SecretUnavailableError extends RetryableError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('SECRET_UNAVAILABLE', message, options);
    this.name = 'SecretUnavailableError';
  }
}

/** The Vault secret's JSON is malformed; `fields` names what is wrong, never the values. Fixable by the operator. */
export class SecretInvalidError extends RetryableError {
  constructor(
    message: string,
    readonly fields: readonly string[],
  ) {
    super('SECRET_INVALID', message);
    this.name = 'SecretInvalidError';
  }
}

import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../../functions/relationships/errors';
import { classifyVaultAnswer, type VaultAnswer } from '../../../functions/vault/classify-vault-answer';
import { DOCUMENTED_ERROR_TYPES } from '../../../functions/vault/vault-error-types';
import {
  VaultCredentialsError,
  VaultRejectedError,
  VaultSessionExpiredError,
  VaultTransientError,
  VaultUnavailableError,
} from '../../../functions/vault/vault-errors';
import { thrownBy } from '../../support/caught-error';

const answer = (body: unknown, status = 200, headers: Record<string, string> = {}): VaultAnswer => ({
  status,
  headers: new Headers(headers),
  bodyText: typeof body === 'string' ? body : JSON.stringify(body),
});

const failureOf = (type: string, message = 'something') =>
  answer({ responseStatus: 'FAILURE', errors: [{ type, message }] });

// Every documented type with the error class and category it must produce.
const EXPECTED: Record<
  string,
  { kind: new (...args: never[]) => Error; category: 'transient' | 'permanent' }
> = {
  UNEXPECTED_ERROR: { kind: VaultTransientError, category: 'transient' },
  MALFORMED_URL: { kind: VaultRejectedError, category: 'permanent' },
  METHOD_NOT_SUPPORTED: { kind: VaultRejectedError, category: 'permanent' },
  INACTIVE_USER: { kind: VaultCredentialsError, category: 'transient' },
  NO_PASSWORD_PROVIDED: { kind: VaultCredentialsError, category: 'transient' },
  USERNAME_OR_PASSWORD_INCORRECT: { kind: VaultCredentialsError, category: 'transient' },
  USER_LOCKED_OUT: { kind: VaultCredentialsError, category: 'transient' },
  PASSWORD_CHANGE_REQUIRED: { kind: VaultCredentialsError, category: 'transient' },
  INVALID_SESSION_ID: { kind: VaultSessionExpiredError, category: 'transient' },
  PARAMETER_REQUIRED: { kind: VaultRejectedError, category: 'permanent' },
  INVALID_DATA: { kind: VaultRejectedError, category: 'permanent' },
  INSUFFICIENT_ACCESS: { kind: VaultRejectedError, category: 'permanent' },
  OPERATION_NOT_ALLOWED: { kind: VaultRejectedError, category: 'permanent' },
  ATTRIBUTE_NOT_SUPPORTED: { kind: VaultRejectedError, category: 'permanent' },
  INVALID_FILTER: { kind: VaultRejectedError, category: 'permanent' },
  INCORRECT_QUERY_SYNTAX_ERROR: { kind: VaultRejectedError, category: 'permanent' },
  RACE_CONDITION: { kind: VaultTransientError, category: 'transient' },
  EXCEEDS_FILE_MAX_SIZE: { kind: VaultRejectedError, category: 'permanent' },
  API_LIMIT_EXCEEDED: { kind: VaultTransientError, category: 'transient' },
  CONFIGURATION_MODE_ENABLED: { kind: VaultTransientError, category: 'transient' },
  SDK_ERROR: { kind: VaultRejectedError, category: 'permanent' },
  OPERATION_IN_PROGRESS: { kind: VaultTransientError, category: 'transient' },
  ITEM_NAME_EXISTS: { kind: VaultRejectedError, category: 'permanent' },
  USER_NOT_FOUND: { kind: VaultRejectedError, category: 'permanent' },
  FEDERATED_ID_ALREADY_EXISTS: { kind: VaultRejectedError, category: 'permanent' },
};

describe('classifyVaultAnswer', () => {
  it('covers exactly the documented error types', () => {
    // Prepare / act
    const covered = Object.keys(EXPECTED).sort();

    // Assess
    expect(covered).toEqual([...DOCUMENTED_ERROR_TYPES].sort());
  });

  it.each(Object.entries(EXPECTED))('classifies FAILURE %s', (type, expected) => {
    // Prepare
    const failure = failureOf(type);

    // Act
    const error = thrownBy(() => classifyVaultAnswer(failure)) as RetryableError | PermanentError;

    // Assess
    expect(error).toBeInstanceOf(expected.kind);
    expect(error).toBeInstanceOf(expected.category === 'transient' ? RetryableError : PermanentError);
    expect(error.category).toBe(expected.category);
    expect(error.code).toBe(`VAULT_${type}`);
    expect(error.vaultErrorType).toBe(type);
  });

  it('treats an unknown error type as permanent', () => {
    // Prepare / act
    const error = thrownBy(() => classifyVaultAnswer(failureOf('BRAND_NEW_TYPE'))) as PermanentError;

    // Assess
    expect(error).toBeInstanceOf(VaultRejectedError);
    expect(error.code).toBe('VAULT_BRAND_NEW_TYPE');
  });

  it('treats a FAILURE without a usable type as permanent without echoing the raw type', () => {
    // Prepare
    const odd = answer({ responseStatus: 'FAILURE', errors: [{ type: 'bad type\r\nX: 1' }] });

    // Act
    const error = thrownBy(() => classifyVaultAnswer(odd)) as PermanentError;

    // Assess
    expect(error).toBeInstanceOf(VaultRejectedError);
    expect(error.code).toBe('VAULT_UNKNOWN_ERROR_TYPE');
  });

  it.each([
    ['an empty errors list', { responseStatus: 'FAILURE', errors: [] }],
    ['no errors at all', { responseStatus: 'FAILURE' }],
    ['an errors entry that is not an object', { responseStatus: 'FAILURE', errors: [null] }],
  ])('says a FAILURE with %s gave no reason, instead of naming an unknown type', (_, body) => {
    // Prepare / act
    const error = thrownBy(() => classifyVaultAnswer(answer(body))) as PermanentError;

    // Assess
    expect(error).toBeInstanceOf(VaultRejectedError);
    expect(error.code).toBe('VAULT_UNKNOWN_ERROR_TYPE');
    expect(error.message).toBe('Vault refused (FAILURE) without giving an error type or message');
  });

  it('treats EXCEPTION as transient', () => {
    // Prepare / act
    const error = thrownBy(() =>
      classifyVaultAnswer(
        answer({ responseStatus: 'EXCEPTION', errors: [{ type: 'UNEXPECTED_ERROR', message: 'boom' }] }),
      ),
    ) as RetryableError;

    // Assess
    expect(error).toBeInstanceOf(VaultTransientError);
    expect(error.code).toBe('VAULT_EXCEPTION');
    expect(error.vaultErrorType).toBe('EXCEPTION');
  });

  it.each([502, 503, 401, 500, 404])('treats HTTP %i as retryable VAULT_HTTP_<status>', (status) => {
    // Prepare / act
    const error = thrownBy(() =>
      classifyVaultAnswer(answer('<html>Bad Gateway</html>', status)),
    ) as RetryableError;

    // Assess
    expect(error).toBeInstanceOf(VaultUnavailableError);
    expect(error.code).toBe(`VAULT_HTTP_${status}`);
  });

  it('passes a numeric Retry-After on a non-200 answer on as the retry hint', () => {
    // Prepare / act
    const error = thrownBy(() =>
      classifyVaultAnswer(answer('busy', 503, { 'Retry-After': '17' })),
    ) as RetryableError;

    // Assess
    expect(error.retryAfterSeconds).toBe(17);
  });

  it.each([
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>'],
    ['an empty body', ''],
    ['JSON without a response status', { data: [] }],
    ['an unknown response status', { responseStatus: 'MAYBE' }],
    ['a JSON array', [1, 2]],
    ['JSON null', 'null'],
  ])('treats %s with HTTP 200 as VAULT_BAD_RESPONSE', (_, body) => {
    // Prepare / act
    const error = thrownBy(() => classifyVaultAnswer(answer(body))) as RetryableError;

    // Assess
    expect(error).toBeInstanceOf(VaultUnavailableError);
    expect(error.code).toBe('VAULT_BAD_RESPONSE');
  });

  it.each(['SUCCESS', 'WARNING'])('returns the body of a %s answer', (responseStatus) => {
    // Prepare
    const body = { responseStatus, id: 7, warnings: [] };

    // Act
    const result = classifyVaultAnswer(answer(body));

    // Assess
    expect(result).toEqual(body);
  });

  it('hints a retry after a minute for API_LIMIT_EXCEEDED', () => {
    // Prepare / act
    const error = thrownBy(() => classifyVaultAnswer(failureOf('API_LIMIT_EXCEEDED'))) as RetryableError;

    // Assess
    expect(error.retryAfterSeconds).toBe(60);
  });

  it('keeps Vault’s message for data errors, bounded in length', () => {
    // Prepare
    const long = `Invalid document id [548]. ${'x'.repeat(1000)}`;

    // Act
    const error = thrownBy(() => classifyVaultAnswer(failureOf('INVALID_DATA', long))) as PermanentError;

    // Assess
    expect(error.message).toContain('Invalid document id [548]');
    expect(error.message.length).toBeLessThan(400);
  });

  it('does not quote Vault’s message for session and login failures', () => {
    // Prepare
    const echo = 'session 0123SECRETSESSION is invalid for password hunter2';

    // Act
    const session = thrownBy(() => classifyVaultAnswer(failureOf('INVALID_SESSION_ID', echo))) as Error;
    const login = thrownBy(() =>
      classifyVaultAnswer(failureOf('USERNAME_OR_PASSWORD_INCORRECT', echo)),
    ) as Error;

    // Assess
    expect(session.message).not.toContain('SECRETSESSION');
    expect(login.message).not.toContain('hunter2');
  });
});

import { API_LIMIT_RETRY_AFTER_SECONDS, LOGIN_ERROR_TYPES, TRANSIENT_ERROR_TYPES } from './vault-error-types';
import {
  VaultCredentialsError,
  VaultRejectedError,
  VaultSessionExpiredError,
  VaultTransientError,
  VaultUnavailableError,
} from './vault-errors';

/** One HTTP answer as the transport received it. */
export interface VaultAnswer {
  status: number;
  headers: Headers;
  bodyText: string;
}

export interface VaultErrorEntry {
  type?: unknown;
  message?: unknown;
}

/** Vault's JSON envelope; the rest of the body depends on the endpoint. */
export interface VaultEnvelope {
  responseStatus: 'SUCCESS' | 'WARNING' | 'FAILURE' | 'EXCEPTION';
  errors?: VaultErrorEntry[];
  [field: string]: unknown;
}

/** The responseStatus values of a Vault envelope (whole answers and bulk rows alike). */
export const VAULT_RESPONSE_STATUSES: ReadonlySet<string> = new Set([
  'SUCCESS',
  'WARNING',
  'FAILURE',
  'EXCEPTION',
]);
const MAX_VAULT_MESSAGE = 300;

const retryAfter = (headers: Headers): number | undefined => {
  const raw = headers.get('retry-after')?.trim();
  return raw && /^\d{1,6}$/.test(raw) ? Number(raw) : undefined;
};

/** Anything but HTTP 200 with a Vault JSON envelope means the call did not reach Vault properly. */
export const readVaultEnvelope = (answer: VaultAnswer): VaultEnvelope => {
  if (answer.status !== 200) {
    throw new VaultUnavailableError(`VAULT_HTTP_${answer.status}`, `Vault answered HTTP ${answer.status}`, {
      retryAfterSeconds: retryAfter(answer.headers),
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.bodyText);
  } catch {
    const type = answer.headers.get('content-type') ?? 'no content type';
    throw new VaultUnavailableError(
      'VAULT_BAD_RESPONSE',
      `Vault answered with a body that is not JSON (${type})`,
    );
  }
  const status = (body as { responseStatus?: unknown } | null)?.responseStatus;
  if (
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body) ||
    !VAULT_RESPONSE_STATUSES.has(String(status))
  ) {
    throw new VaultUnavailableError(
      'VAULT_BAD_RESPONSE',
      'Vault answered with JSON that is not a Vault response',
    );
  }
  return body as VaultEnvelope;
};

// The type becomes part of an error code and a metric dimension: keep it to Vault's own alphabet.
const errorType = (entry: VaultErrorEntry | undefined): string => {
  const type = typeof entry?.type === 'string' ? entry.type : '';
  return /^[A-Z][A-Z0-9_]{0,63}$/.test(type) ? type : 'UNKNOWN_ERROR_TYPE';
};

const vaultMessage = (entry: VaultErrorEntry | undefined): string => {
  const text = typeof entry?.message === 'string' ? entry.message.replace(/\s+/g, ' ').trim() : '';
  return text.length > MAX_VAULT_MESSAGE ? `${text.slice(0, MAX_VAULT_MESSAGE)}…` : text;
};

/**
 * Returns a SUCCESS or WARNING envelope; throws the classified error for FAILURE and EXCEPTION.
 * Used for whole answers and for the per-row entries of a bulk answer, which have the same shape.
 * The first error decides: Vault lists the reason first, and one reason is what an operator reads.
 */
export const classifyVaultBody = (envelope: VaultEnvelope): VaultEnvelope => {
  if (envelope.responseStatus === 'SUCCESS' || envelope.responseStatus === 'WARNING') return envelope;
  const first = Array.isArray(envelope.errors) ? envelope.errors[0] : undefined;
  const message = vaultMessage(first);
  if (envelope.responseStatus === 'EXCEPTION') {
    throw new VaultTransientError(
      'VAULT_EXCEPTION',
      `Vault failed (EXCEPTION)${message ? `: ${message}` : ''}`,
      {
        vaultErrorType: 'EXCEPTION',
      },
    );
  }
  const type = errorType(first);
  // Session and login messages are not quoted: they are the ones that could echo what was sent.
  if (type === 'INVALID_SESSION_ID') throw new VaultSessionExpiredError('Vault session expired or invalid');
  if (LOGIN_ERROR_TYPES.has(type)) throw new VaultCredentialsError(type);
  // "UNKNOWN_ERROR_TYPE" alone would suggest Vault named a type the relay does not know.
  const silent = typeof first?.type !== 'string' && message === '';
  const text = silent
    ? 'Vault refused (FAILURE) without giving an error type or message'
    : `Vault refused (${type})${message ? `: ${message}` : ''}`;
  if (TRANSIENT_ERROR_TYPES.has(type)) {
    throw new VaultTransientError(`VAULT_${type}`, text, {
      vaultErrorType: type,
      retryAfterSeconds: type === 'API_LIMIT_EXCEEDED' ? API_LIMIT_RETRY_AFTER_SECONDS : undefined,
    });
  }
  throw new VaultRejectedError(`VAULT_${type}`, text, { vaultErrorType: type });
};

/** The whole answer: HTTP and envelope checks, then the body's classification. */
export const classifyVaultAnswer = (answer: VaultAnswer): VaultEnvelope =>
  classifyVaultBody(readVaultEnvelope(answer));

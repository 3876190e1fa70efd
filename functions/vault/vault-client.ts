import type { CallContext } from '../relationships/ports';
import type { BurstPacer } from './burst-pacer';
import type { CallStatsRecorder } from './call-stats';
import type { VaultAnswer } from './classify-vault-answer';
import { DeadlineError, VaultUnavailableError } from './vault-errors';

/** Where a call goes and who makes it: both come from the secret, so they travel with the session. */
export interface VaultTarget {
  baseUrl: string;
  clientId: string;
}

export interface VaultRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** After `/api/{version}`, e.g. `/auth`. */
  path: string;
  sessionId?: string;
  form?: Record<string, string>;
  json?: unknown;
}

/** Sends one request to Vault and hands back the raw answer; interpreting it is classify-vault-answer's job. */
export interface VaultClient {
  send(target: VaultTarget, request: VaultRequest, context: CallContext): Promise<VaultAnswer>;
}

export interface VaultClientOptions {
  fetch: typeof fetch;
  apiVersion: string;
  timeoutMs: number;
  safetyMarginMs: number;
  pacer: BurstPacer;
  stats: CallStatsRecorder;
}

// The reference id lands in a header: keep printable ASCII only and Vault-log-sized.
const referenceHeader = (referenceId: string | undefined): Record<string, string> => {
  const clean = referenceId?.replace(/[^\x20-\x7e]/g, '').slice(0, 100);
  return clean ? { 'X-VaultAPI-ReferenceID': clean } : {};
};

const encodeBody = (request: VaultRequest): { body?: string; type?: string } => {
  if (request.form)
    return { body: new URLSearchParams(request.form).toString(), type: 'application/x-www-form-urlencoded' };
  if (request.json !== undefined) return { body: JSON.stringify(request.json), type: 'application/json' };
  return {};
};

/** `status` is set when the status line and headers arrived and the body then failed. */
const transportError = (error: unknown, status?: number): VaultUnavailableError => {
  if ((error as { name?: string })?.name === 'TimeoutError') {
    return new VaultUnavailableError('VAULT_TIMEOUT', 'Vault did not answer in time', { cause: error });
  }
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  const detail = typeof code === 'string' ? ` (${code})` : '';
  // "Could not be reached" would send an operator to check DNS and firewalls; a body cut short (or
  // corrupt gzip) means the request did reach Vault, which may have acted on it.
  const text =
    status === undefined
      ? `Vault could not be reached${detail}`
      : `Vault answered HTTP ${status} but its body could not be read to the end${detail}`;
  return new VaultUnavailableError('VAULT_NETWORK', text, { cause: error });
};

export const createVaultClient = (options: VaultClientOptions): VaultClient => {
  const neededMs = options.timeoutMs + options.safetyMarginMs;
  // A call is only started when it can time out and still leave the invocation time to report.
  const checkDeadline = (context: CallContext) => {
    const remaining = context.remainingTimeMs();
    if (remaining < neededMs) throw new DeadlineError(remaining, neededMs);
  };

  return {
    async send(target, request, context) {
      checkDeadline(context);
      // The pacer may hold the call for its turn, but never past the time this invocation can spare.
      await options.pacer.acquire({ maxWaitMs: context.remainingTimeMs() - neededMs });
      checkDeadline(context);
      const { body, type } = encodeBody(request);
      const headers: Record<string, string> = {
        Accept: 'application/json',
        'X-VaultAPI-ClientID': target.clientId,
        ...referenceHeader(context.referenceId),
        ...(type ? { 'Content-Type': type } : {}),
        ...(request.sessionId ? { Authorization: request.sessionId } : {}),
      };
      options.stats.callStarted();
      let answered: number | undefined;
      try {
        // One signal for headers and body: a Vault that stalls mid-body is as stuck as one that never answers.
        const signal = AbortSignal.timeout(options.timeoutMs);
        const url = `${target.baseUrl}/api/${options.apiVersion}${request.path}`;
        const response = await options.fetch(url, { method: request.method, headers, body, signal });
        options.stats.responseReceived(response.headers);
        options.pacer.observe(response.headers);
        answered = response.status;
        const bodyText = await response.text();
        return { status: response.status, headers: response.headers, bodyText };
      } catch (error) {
        // No response means no headers to observe; the pacer frees the call's slot instead.
        if (answered === undefined) options.pacer.release?.();
        throw transportError(error, answered);
      }
    },
  };
};

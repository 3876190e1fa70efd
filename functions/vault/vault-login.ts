import type { CallContext } from '../relationships/ports';
import { classifyVaultAnswer } from './classify-vault-answer';
import type { VaultClient, VaultTarget } from './vault-client';
import type { VaultCredentials } from './vault-credentials';
import { VaultUnavailableError, WrongVaultError } from './vault-errors';

interface VaultIdEntry {
  id?: unknown;
  url?: unknown;
}

const hostOf = (url: unknown): string | undefined => {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
};

/**
 * The host of the vault the session belongs to, from the login answer: the `vaultIds` entry whose
 * id equals `vaultId`. Vault answers SUCCESS even when it defaulted the user to another vault.
 */
const sessionVaultHost = (body: Record<string, unknown>): string | undefined => {
  const entries = Array.isArray(body.vaultIds) ? (body.vaultIds as VaultIdEntry[]) : [];
  const own = entries.find(
    (entry) => entry !== null && entry?.id === body.vaultId && body.vaultId !== undefined,
  );
  return hostOf(own?.url);
};

/**
 * Logs in and returns the session id, only for a session on the configured vault. A session for
 * another vault is ended at once (best effort) and refused: writing there is the worst outcome.
 */
export const loginToVault = async (
  client: VaultClient,
  target: VaultTarget,
  credentials: VaultCredentials,
  context: CallContext,
): Promise<string> => {
  const answer = await client.send(
    target,
    {
      method: 'POST',
      path: '/auth',
      form: {
        username: credentials.username,
        password: credentials.password,
        vaultDNS: credentials.vaultDns,
      },
    },
    context,
  );
  const body = classifyVaultAnswer(answer);
  const sessionId = body.sessionId;
  if (typeof sessionId !== 'string' || sessionId === '') {
    throw new VaultUnavailableError('VAULT_BAD_RESPONSE', 'Vault login answer carries no session id');
  }
  const host = sessionVaultHost(body);
  if (host !== credentials.vaultDns) {
    try {
      await client.send(target, { method: 'DELETE', path: '/session', sessionId }, context);
    } catch {
      // The refused session expires on its own; failing to end it early changes nothing for the caller.
    }
    throw new WrongVaultError(credentials.vaultDns, host);
  }
  return sessionId;
};

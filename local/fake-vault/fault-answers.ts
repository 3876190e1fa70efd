import type { FakeVaultState, Outcome } from './dispatch';
import { vaultException, vaultFailure } from './envelope';
import type { FaultKind } from './types';

/** Answers Vault itself would give for a fault (HTTP 200 JSON); proxy-level faults are handled apart. */
export const vaultFault = (
  kind: FaultKind,
  state: FakeVaultState,
  sessionId: string | undefined,
): Outcome | undefined => {
  const session = state.sessions.find(sessionId);
  const attribution = { vaultId: session?.vaultId, userId: session?.userId };
  switch (kind) {
    case 'exception':
      return { body: vaultException('An unexpected error occurred.'), ...attribution, session };
    case 'unexpected_error':
      return {
        body: vaultFailure('UNEXPECTED_ERROR', 'An unexpected error occurred.'),
        ...attribution,
        session,
      };
    case 'api_limit':
      return { body: vaultFailure('API_LIMIT_EXCEEDED', 'API limit exceeded.'), ...attribution, session };
    case 'invalid_session':
      if (session) state.sessions.end(session.id);
      return { body: vaultFailure('INVALID_SESSION_ID', 'Invalid or expired session ID.'), ...attribution };
    default:
      return undefined;
  }
};

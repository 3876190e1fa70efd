import type { Authenticator } from './auth';
import { createBulk } from './bulk';
import { type VaultBody, VaultFailure, vaultFailure } from './envelope';
import type { ResolvedOptions } from './options';
import {
  createSingle,
  deleteSingle,
  metadata,
  type RelationshipContext,
  retrieve,
} from './relationship-handlers';
import type { VaultStore } from './relationship-store';
import type { MatchedRoute } from './router';
import type { Session, SessionStore } from './sessions';

export interface FakeVaultState {
  options: ResolvedOptions;
  stores: Map<number, VaultStore>;
  sessions: SessionStore;
  auth: Authenticator;
}

export interface VaultRequest {
  route: MatchedRoute;
  sessionId: string | undefined;
  host: string | undefined;
  contentType: string;
  body: string;
}

export interface Outcome {
  body: VaultBody;
  /** The vault the call is counted against (burst budget, X-VaultAPI-VaultId); default the first. */
  vaultId?: number;
  userId?: number;
  /** The session used, so its inactivity clock restarts when the response is finished. */
  session?: Session;
}

const requireSession = (state: FakeVaultState, sessionId: string | undefined): Session => {
  const session = state.sessions.find(sessionId);
  if (!session) throw new VaultFailure('INVALID_SESSION_ID', 'Invalid or expired session ID.');
  return session;
};

const handleWithSession = (state: FakeVaultState, request: VaultRequest, session: Session): VaultBody => {
  if (!session.apiAccess) {
    throw new VaultFailure(
      'INSUFFICIENT_ACCESS',
      'User does not have sufficient privileges to perform the action.',
    );
  }
  const store = state.stores.get(session.vaultId) as VaultStore;
  const context: RelationshipContext = {
    store,
    userId: session.userId,
    now: state.options.now(),
    duplicate: state.options.duplicate,
    duplicateErrorType: state.options.duplicateErrorType,
  };
  const { route } = request;
  switch (route.key) {
    case 'versions': {
      const dns = state.options.vaults.find((vault) => vault.id === session.vaultId)?.dns;
      const values = Object.fromEntries(state.options.apiVersions.map((v) => [v, `https://${dns}/api/${v}`]));
      return { responseStatus: 'SUCCESS', values };
    }
    case 'keep_alive':
      return { responseStatus: 'SUCCESS' };
    case 'session_delete':
      state.sessions.end(session.id);
      return { responseStatus: 'SUCCESS' };
    case 'create_single':
      return createSingle(context, route.params, new URLSearchParams(request.body));
    case 'create_bulk':
      return createBulk(context, request.contentType, request.body, state.options.bulkPartialFailureStatus);
    case 'retrieve':
      return retrieve(store, route.params);
    case 'delete_single':
      return deleteSingle(store, route.params);
    case 'metadata':
      return metadata(store, route.params);
    default:
      throw new VaultFailure('MALFORMED_URL', 'The URL is not a Vault API endpoint.');
  }
};

/** Turns one request into a Vault answer; FAILUREs are thrown as VaultFailure and folded in here. */
export const dispatch = (state: FakeVaultState, request: VaultRequest): Outcome => {
  const { route } = request;
  if (route.malformed) return { body: vaultFailure('MALFORMED_URL', 'The URL is not a Vault API endpoint.') };
  if (route.methodNotSupported) {
    return {
      body: vaultFailure('METHOD_NOT_SUPPORTED', 'The HTTP method is not supported for this endpoint.'),
    };
  }
  if (route.key === 'auth') return state.auth.login(new URLSearchParams(request.body), request.host);
  let session: Session | undefined;
  try {
    session = requireSession(state, request.sessionId);
    const body = handleWithSession(state, request, session);
    return { body, vaultId: session.vaultId, userId: session.userId, session };
  } catch (error) {
    if (!(error instanceof VaultFailure)) throw error;
    return {
      body: vaultFailure(error.type, error.message),
      vaultId: session?.vaultId,
      userId: session?.userId,
      session,
    };
  }
};

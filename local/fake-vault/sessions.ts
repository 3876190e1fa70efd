import { randomBytes } from 'node:crypto';

export interface Session {
  id: string;
  userId: number;
  username: string;
  vaultId: number;
  apiAccess: boolean;
  createdAt: number;
  lastUsedAt: number;
}

export interface SessionTimeouts {
  idleMs: number;
  maxLifetimeMs: number;
}

/** Accepts `Authorization: <id>` and `Authorization: Bearer <id>`, as Vault does. */
export const sessionIdFromHeader = (header: string | undefined): string | undefined => {
  if (!header) return undefined;
  const trimmed = header.trim();
  const id = /^bearer\s+/i.test(trimmed) ? trimmed.replace(/^bearer\s+/i, '') : trimmed;
  return id.length > 0 ? id : undefined;
};

/**
 * Sessions with Vault's two clocks: an inactivity timeout counted from the end of the last
 * request, and an absolute lifetime. Expired sessions are removed when next looked at.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  // Every id ever handed out, so a soak can prove none of them reached a log line.
  private readonly issuedIds: string[] = [];

  constructor(
    private readonly timeouts: SessionTimeouts,
    private readonly now: () => number,
  ) {}

  create(fields: Omit<Session, 'id' | 'createdAt' | 'lastUsedAt'>): Session {
    const now = this.now();
    // Real session ids are long opaque hex strings; the shape matters to clients that log a prefix.
    const session: Session = {
      ...fields,
      id: randomBytes(48).toString('hex').toUpperCase(),
      createdAt: now,
      lastUsedAt: now,
    };
    this.sessions.set(session.id, session);
    this.issuedIds.push(session.id);
    return session;
  }

  /** The live session for this id, or undefined (expired ones are dropped here). */
  find(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.now();
    const idle = now - session.lastUsedAt > this.timeouts.idleMs;
    const tooOld = now - session.createdAt > this.timeouts.maxLifetimeMs;
    if (idle || tooOld) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** Marks the end of a request on this session: the inactivity clock restarts from here. */
  touch(session: Session): void {
    if (this.sessions.has(session.id)) session.lastUsedAt = this.now();
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  count(): number {
    for (const id of [...this.sessions.keys()]) this.find(id);
    return this.sessions.size;
  }

  issued(): string[] {
    return [...this.issuedIds];
  }

  clear(): void {
    this.sessions.clear();
  }
}

import type { RouteKey } from './types';

export interface MatchedRoute {
  key: RouteKey;
  /** Raw path segments captured by the pattern (doc id, versions, type...), still unvalidated. */
  params: string[];
  /** Set when the path is known but the method is not (answered METHOD_NOT_SUPPORTED). */
  methodNotSupported?: boolean;
  /** Set when the path does not start with /api/vNN.N/ or matches nothing (answered MALFORMED_URL). */
  malformed?: boolean;
}

interface RouteDefinition {
  pattern: RegExp;
  methods: Partial<Record<string, RouteKey>>;
}

const ANY = '([^/]+)';

/** Patterns apply to the part after /api/{version}; segments are captured loosely and validated by handlers. */
const ROUTES: RouteDefinition[] = [
  { pattern: /^\/auth$/, methods: { POST: 'auth' } },
  { pattern: /^\/keep-alive$/, methods: { POST: 'keep_alive' } },
  { pattern: /^\/session$/, methods: { DELETE: 'session_delete' } },
  { pattern: /^\/objects\/documents\/relationships\/batch$/, methods: { POST: 'create_bulk' } },
  {
    pattern: new RegExp(`^/objects/documents/${ANY}/versions/${ANY}/${ANY}/relationships$`),
    methods: { POST: 'create_single', GET: 'retrieve' },
  },
  {
    pattern: new RegExp(`^/objects/documents/${ANY}/versions/${ANY}/${ANY}/relationships/${ANY}$`),
    methods: { DELETE: 'delete_single' },
  },
  {
    pattern: new RegExp(`^/metadata/objects/documents/types/${ANY}/relationships$`),
    methods: { GET: 'metadata' },
  },
];

const VERSION_PREFIX = /^\/api\/v\d{1,2}\.\d+(\/.*)$/;

export const matchRoute = (method: string, pathname: string): MatchedRoute => {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/api') return method === 'GET' ? { key: 'versions', params: [] } : notSupported('versions');
  const versioned = VERSION_PREFIX.exec(path);
  if (!versioned) return { key: 'unknown', params: [], malformed: true };
  const rest = versioned[1] as string;
  for (const route of ROUTES) {
    const match = route.pattern.exec(rest);
    if (!match) continue;
    const key = route.methods[method];
    const params = match.slice(1).map((segment) => decodeURIComponent(segment));
    if (!key) return { ...notSupported(Object.values(route.methods)[0] as RouteKey), params };
    return { key, params };
  }
  return { key: 'unknown', params: [], malformed: true };
};

const notSupported = (key: RouteKey): MatchedRoute => ({ key, params: [], methodNotSupported: true });

/** Path and form numbers: plain non-negative integers only ("1e3", "-1", "0x10" are not numbers here). */
export const parseWholeNumber = (value: string | undefined): number | undefined => {
  if (value === undefined || !/^\d{1,10}$/.test(value.trim())) return undefined;
  const number = Number(value.trim());
  return number <= 2_147_483_647 ? number : undefined;
};

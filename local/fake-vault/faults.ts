import { mulberry32 } from './prng';
import {
  FAULT_KINDS,
  type FaultKind,
  type InjectedFault,
  type RandomFaultOptions,
  type RouteKey,
} from './types';

const DEFAULT_RANDOM_KINDS = FAULT_KINDS.filter((kind) => kind !== 'hang');

/**
 * Decides which fault, if any, the next call to a route gets. Scripted faults (queued per route)
 * win over random ones; random draws come from a seeded PRNG, one or two draws per eligible
 * request, so the same seed and the same request order always give the same faults.
 */
export class FaultPlan {
  private readonly scripted = new Map<RouteKey, FaultKind[]>();
  private readonly history: InjectedFault[] = [];
  private random: () => number;

  constructor(private readonly options: RandomFaultOptions | undefined) {
    this.random = mulberry32(options?.seed ?? 0);
  }

  inject(route: RouteKey, kinds: FaultKind[]): void {
    const unknown = kinds.filter((kind) => !FAULT_KINDS.includes(kind));
    if (unknown.length > 0) throw new Error(`fake vault: unknown fault kind(s) ${unknown.join(', ')}`);
    this.scripted.set(route, [...(this.scripted.get(route) ?? []), ...kinds]);
  }

  next(route: RouteKey): FaultKind | undefined {
    const queued = this.scripted.get(route);
    if (queued && queued.length > 0) {
      const kind = queued.shift() as FaultKind;
      this.history.push({ route, kind, source: 'scripted' });
      return kind;
    }
    const options = this.options;
    if (!options || options.rate <= 0) return undefined;
    const routes = options.routes;
    if (routes ? !routes.includes(route) : route === 'auth') return undefined;
    if (this.random() >= options.rate) return undefined;
    const kinds = options.kinds && options.kinds.length > 0 ? options.kinds : DEFAULT_RANDOM_KINDS;
    const kind = kinds[Math.floor(this.random() * kinds.length)] as FaultKind;
    this.history.push({ route, kind, source: 'random' });
    return kind;
  }

  injected(): InjectedFault[] {
    return this.history.map((fault) => ({ ...fault }));
  }

  reset(): void {
    this.scripted.clear();
    this.history.length = 0;
    this.random = mulberry32(this.options?.seed ?? 0);
  }
}

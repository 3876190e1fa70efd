import { type BenchResults, SCENARIO_LABELS, type ScenarioFigures } from './bench-results';

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const seconds = (ms: number) => `${number(ms / 1000, 1)} s`;

const basis = (figures: ScenarioFigures) =>
  figures.basis === 'measured'
    ? 'measured'
    : `**extrapolated** from N=${number(figures.basis.extrapolatedFrom)}`;

const rows: [string, (figures: ScenarioFigures) => string][] = [
  ['basis', basis],
  [
    'runs (rel/s each; median shown)',
    (f) =>
      (f.repeatsRelationshipsPerSecond ?? [f.scaled.relationshipsPerSecond])
        .map((v) => number(v, 0))
        .join(', '),
  ],
  ['relationships/s (scaled window, measured)', (f) => number(f.scaled.relationshipsPerSecond, 1)],
  [
    'relationships/s (real 5-min window, projected)',
    (f) => number(f.realTimeProjected.relationshipsPerSecond, 1),
  ],
  ['wall time (scaled window)', (f) => seconds(f.scaled.durationMs)],
  ['wall time (real window, projected)', (f) => seconds(f.realTimeProjected.durationMs)],
  ['Vault calls per relationship', (f) => number(f.vaultCallsPerRelationship, 4)],
  ['Vault calls (all routes)', (f) => number(f.vaultCalls)],
  ['lowest BurstLimitRemaining (scaled window)', (f) => number(f.lowestBurstRemaining)],
  ['delayed responses (scaled window, measured)', (f) => number(f.delayedResponses)],
  ['delayed responses (real window, projected)', (f) => number(f.realTimeProjected.delayedResponses)],
  ['handler CPU ms per message', (f) => number(f.handlerCpuMsPerMessage, 3)],
  ['process CPU ms per message (poller + handler)', (f) => number(f.processCpuMsPerMessage, 3)],
  ['peak RSS (poller + handler process)', (f) => `${number(f.peakRssMB, 0)} MB`],
  ['invocations', (f) => number(f.invocations)],
  ['mean invocation wall time', (f) => `${number(f.meanInvocationMs, 0)} ms`],
  ['relationships created / messages', (f) => `${number(f.relationshipsCreated)} / ${number(f.messages)}`],
];

/** The side-by-side markdown the bench prints and docs/benchmark.md quotes. */
export const resultsTable = (results: BenchResults): string => {
  const columns = results.scenarios;
  const header = `| metric | ${columns.map((f) => `${SCENARIO_LABELS[f.mode]}, N=${number(f.messages)}`).join(' | ')} |`;
  const divider = `|---|${columns.map(() => '---:').join('|')}|`;
  const body = rows.map(([name, cell]) => `| ${name} | ${columns.map(cell).join(' | ')} |`);

  const ratios = [
    '| N | (c)/(a) scaled | (c)/(a) real-time (projected) | (c)/(b) scaled | (c)/(b) real-time (projected) |',
    '|---:|---:|---:|---:|---:|',
    ...results.ratios.map(
      (r) =>
        `| ${number(r.messages)} | ${number(r.cOverA.scaled, 1)}× | ${number(r.cOverA.realTimeProjected, 1)}× | ${number(r.cOverB.scaled, 1)}× | ${number(r.cOverB.realTimeProjected, 1)}× |`,
    ),
  ];

  const targets = [
    '| target | measured | met |',
    '|---|---|---|',
    ...results.targets.map(
      (t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : `**no** (${t.miss})`} |`,
    ),
  ];

  const { bundle, pacerCheck: check } = results;
  const pacer = check
    ? `Pacer check — (b) with the window scaled ×${check.timeScale} (${number(check.scaledWindowMs / 1000, 0)} s), N=${number(check.messages)}: ` +
      `${number(check.callsPerSecond, 1)} Vault calls/s against ${number(check.budgetCallsPerSecondAboveReserve, 1)} allowed above the reserve; ` +
      `lowest BurstLimitRemaining ${number(check.lowestBurstRemaining)} (reserve ${number(check.reserveCalls)}); ` +
      `${number(check.delayedResponses)} delayed responses; ${number(check.relationshipsCreated)} of ${number(check.messages)} created.`
    : 'Pacer check skipped.';
  return [
    [header, divider, ...body].join('\n'),
    ratios.join('\n'),
    targets.join('\n'),
    pacer,
    `Bundle: ${number(bundle.bytes / 1024, 0)} KiB (${number(bundle.bytes)} bytes); cold import median ${number(bundle.coldImportMs.median, 1)} ms of ${bundle.coldImportMs.samples.length} fresh processes.`,
  ].join('\n\n');
};

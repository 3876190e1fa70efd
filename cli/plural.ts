/**
 * "1 invocation", "2 invocations": the run's and the CLI's output are read by people new to the
 * relay, and "1 missing documents" reads as a bug. Irregular words pass their plural form.
 * The CLI owns it; the local run, which drives the CLI, borrows it.
 */
export const plural = (count: number, singular: string, pluralForm = `${singular}s`): string =>
  `${count} ${count === 1 ? singular : pluralForm}`;

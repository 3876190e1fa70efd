/**
 * "1 invocation", "2 invocations": the run's output is read by people new to the relay, and
 * "1 missing documents" reads as a bug. Irregular words pass their plural form.
 */
export const plural = (count: number, singular: string, pluralForm = `${singular}s`): string =>
  `${count} ${count === 1 ? singular : pluralForm}`;

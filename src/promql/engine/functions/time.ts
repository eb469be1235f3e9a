/**
 * time: calendar functions on sample values read as Unix seconds (UTC), as Go's time package
 * computes them after truncating to whole seconds.
 */

function dateOf(v: number): Date {
  return new Date(Math.trunc(v) * 1000);
}

/** dateFunctions maps each calendar function to its computation on a Unix-seconds value. */
export const dateFunctions: Readonly<Record<string, (v: number) => number>> = {
  day_of_month: (v) => dateOf(v).getUTCDate(),
  day_of_week: (v) => dateOf(v).getUTCDay(),
  day_of_year: (v) => {
    const d = dateOf(v);
    return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  },
  hour: (v) => dateOf(v).getUTCHours(),
  minute: (v) => dateOf(v).getUTCMinutes(),
  month: (v) => dateOf(v).getUTCMonth() + 1,
  year: (v) => dateOf(v).getUTCFullYear(),
  days_in_month: (v) => {
    const d = dateOf(v);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  },
};

// What the timeline and the dyad share: bins' dates as UTC days, and the plotted period (the bins' own,
// widened to a dozen bins, so that one or two bins are not drawn as walls across the whole chart).
const DAY = 86400000;
const BIN_DAYS = { week: 7, month: 30.44 };
const MIN_BINS = 12;

export const day = (iso) => new Date(`${iso}T00:00:00Z`);
export const plus1 = (d) => new Date(d.getTime() + DAY);

export function timeDomain(bins, by) {
  let from = day(bins[0].start).getTime(), to = plus1(day(bins[bins.length - 1].end)).getTime();
  const short = MIN_BINS * BIN_DAYS[by] * DAY - (to - from);
  if (short > 0) { from -= short / 2; to += short / 2; }
  return [new Date(from), new Date(to)];
}

export function binAt(bins, t) {
  return bins.find((b) => day(b.start) <= t && t < plus1(day(b.end)));
}

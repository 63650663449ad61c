// @ts-check
/**
 * The duty page's view of the scheduled-reports roll-up (GET /reports): each school's lines for a
 * day and the counts per status. A line is marked late exactly when its roll-up row is (`late`),
 * and the counts are the roll-up's own, summed over the kinds the page shows, so the page and the
 * roll-up never disagree.
 */

/** The reports the duty page follows: those the duty officer sends every day. */
export const DUTY_REPORT_KINDS = ['zero-report', 'all-clear'];

/**
 * @typedef {{ planId: string, reportId: string, report: string, status: 'submitted' | 'late' | 'missing' | 'pending', late: boolean, submittedAt?: string, by?: { name: string } }} RollUpRow
 * @typedef {{ date: string, type: string, counts: Record<string, number>, due?: number, schools: RollUpRow[], nextCursor?: string }} RollUp
 */

/**
 * The kinds of daily report any of these schools sends, of those the page follows.
 * @param {{ scheduledReports: { kind: string }[] }[]} schools
 */
export function kindsSent(schools) {
  return DUTY_REPORT_KINDS.filter((kind) => schools.some((school) => school.scheduledReports.some((report) => report.kind === kind)));
}

/**
 * A school's rows on a day: one per report due, whatever its kind (a plan may have two a day).
 * @param {RollUp[]} rollUps
 * @param {string} date
 * @param {string} planId
 */
export function rowsOf(rollUps, date, planId) {
  return rollUps.filter((rollUp) => rollUp.date === date).flatMap((rollUp) => rollUp.schools.filter((row) => row.planId === planId));
}

/**
 * The counts per status of a day, over every kind the page asked for.
 * @param {RollUp[]} rollUps
 * @param {string} date
 */
export function dayCounts(rollUps, date) {
  /** @type {Record<'due' | 'submitted' | 'late' | 'missing' | 'pending', number>} */
  const counts = { due: 0, submitted: 0, late: 0, missing: 0, pending: 0 };
  for (const rollUp of rollUps.filter((candidate) => candidate.date === date)) {
    // `due` counts every school's row, on every page; the rows alone may be one page or none.
    counts.due += rollUp.due ?? rollUp.schools.length;
    for (const status of /** @type {const} */ (['submitted', 'late', 'missing', 'pending'])) counts[status] += rollUp.counts[status] ?? 0;
  }
  return counts;
}

/** Local dates from `date` back `days - 1` days, newest first. @param {string} date @param {number} days */
export function daysBack(date, days) {
  const start = Date.parse(`${date}T00:00:00Z`);
  return Array.from({ length: days }, (_, index) => new Date(start - index * 86_400_000).toISOString().slice(0, 10));
}

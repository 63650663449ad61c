/**
 * Scheduled reports (零报告, 报平安, 月检查, 季度检查, 矛盾纠纷日排查): the plan says what is due
 * when and from whom; a missing report is itself something to chase.
 *
 * The work is done in waves. A wave is every report due at one instant under one timetable (a
 * "slot": time zone, time of day, reminder lead and chase steps), so one EventBridge schedule per
 * slot starts statemachines/scheduled-report.asl.json, which opens the wave, then reminds, marks
 * late and chases the schools in batches at absolute instants (wave.ts). The execution's history
 * grows with the number of batches, never with the number of schools, and every step per school is
 * idempotent (each event has a key, written once), so a retried batch texts nobody twice.
 *
 * Each school's report for a day is a set of events in its bureau's partition for that day and
 * kind (model.ts), so the bureau's roll-up is one Query (roll-up.ts). Schools report by SMS, link
 * or API (submission.ts).
 */
export type { DayTally, OccurrenceKey, ReportEvent, ReportGrant, Wave, WaveEntry } from './model';
export { tallied } from './model';
export type { ScheduledReportDependencies, ScheduledReportStore, SubmissionDependencies } from './ports';
export { rollUp, validateRollUpQuery } from './roll-up';
export { reportSlots } from './slots';
export { maySubmit, openReportLink, type ReportLinkView, sendsScheduledReport, submitAs, submitByLink, submitScheduledReport, validateSituation } from './submission';
export { actOnBatch, type BatchStep, openWave, type WaveInput } from './wave';
export { ReportByLinkBody, RollUpQueryParams, ScheduledReportBody } from './requests';

/** The written report after an incident (书面报告): due at close, drafted, submitted, reviewed, chased at its deadline. */
export {
  checkWrittenReport,
  reviewWrittenReport,
  saveWrittenReport,
  submitWrittenReport,
  validateContent,
  writtenReportAuthors,
  writtenReportFor,
  writtenReportKey,
  writtenReportState,
  type WrittenReportDependencies,
  type WrittenReportStatus,
  type WrittenReportView,
} from './written-report';
export { draftFromTimeline } from './draft';
export { FIELD_MAX_LENGTH, REASON_MAX_LENGTH, WrittenReportAcceptance, WrittenReportEdit, WrittenReportReturn, WrittenReportSubmission } from './requests';

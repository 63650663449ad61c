/** 包案 cases: a petitioner's case, its owners and visit plan, visits, reminders, closure, and the incidents it opens. */
export type { CaseDependencies, CaseEvent, CaseRecord, CaseStore, CaseView, PetitionCase } from './model';
export { escalateCase, listCases, openCase, recordVisit, showCase, updateCase } from './cases';
export { type CaseReminderDependencies, caseReminderSlots, remindDueVisits, visitReminderText } from './reminders';
export { CASE_LIMITS, CaseChangeBody, CaseEscalationBody, CaseListQueryParams, CaseVisitBody, OpenCaseBody, VISIT_MODES, type VisitMode } from './requests';

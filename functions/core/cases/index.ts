/** 包案 cases: a petitioner's case, its owners and visit plan, visits, reminders, closure, and the incidents it opens. */
export {
  type CaseDependencies,
  type CaseEvent,
  type CaseRecord,
  type CaseReminderDependencies,
  type CaseStore,
  type CaseView,
  caseReminderSlots,
  escalateCase,
  listCases,
  openCase,
  type PetitionCase,
  recordVisit,
  remindDueVisits,
  showCase,
  updateCase,
  visitReminderText,
} from './cases';

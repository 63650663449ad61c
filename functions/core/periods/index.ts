/** The bureau's calendar of sensitive periods (GET|PUT /periods): each year's dates for the periods the plans name. */
export {
  applyCalendar,
  type Calendar,
  type CalendarDependencies,
  type CalendarEntry,
  calendarFor,
  type CalendarStore,
  setCalendar,
  validateCalendar,
  withCalendar,
} from './calendar';
export { CalendarBody } from './requests';

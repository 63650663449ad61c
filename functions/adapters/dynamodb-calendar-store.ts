import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Calendar, CalendarStore } from '../core/periods';
import { TableItems } from './table-items';

/**
 * How long a container keeps the calendar it read. Every plan is read through the calendar
 * (withCalendar), so without it every escalation step read it again; a bureau dates its periods
 * days ahead, and an edit reaches every warm container within this. A container's objects outlive
 * an invocation (https://docs.aws.amazon.com/en_gb/lambda/latest/dg/foundation-progmodel.html).
 */
export const CALENDAR_KEPT_MS = 30_000;

/**
 * The bureau's calendar of sensitive periods:
 *   CALENDAR / CURRENT        the calendar in force, replaced by each PUT /periods
 *   CALENDAR / SET#at         every calendar ever set, kept (who set which dates when)
 */
export class DynamoDbCalendarStore implements CalendarStore {
  private readonly table: TableItems;
  /** The calendar this container last read or wrote, and when (wall clock). */
  private known?: { calendar: Calendar; at: number };

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async read(): Promise<Calendar> {
    if (this.known && Date.now() - this.known.at < CALENDAR_KEPT_MS) return this.known.calendar;
    const item = await this.table.read('CALENDAR', 'CURRENT');
    const calendar: Calendar = item ? JSON.parse(String(item.calendar)) : { periods: [], setAt: null, setBy: null };
    this.known = { calendar, at: Date.now() };
    return calendar;
  }

  async write(calendar: Calendar): Promise<void> {
    const text = JSON.stringify(calendar);
    await this.table.putIfAbsent({ pk: 'CALENDAR', sk: `SET#${calendar.setAt}`, calendar: text });
    await this.table.put({ pk: 'CALENDAR', sk: 'CURRENT', calendar: text });
    this.known = { calendar, at: Date.now() };
  }
}

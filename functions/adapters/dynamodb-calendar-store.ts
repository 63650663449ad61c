import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Calendar, CalendarStore } from '../core/periods';
import { TableItems } from './table-items';

/**
 * The bureau's calendar of sensitive periods:
 *   CALENDAR / CURRENT        the calendar in force, replaced by each PUT /periods
 *   CALENDAR / SET#at         every calendar ever set, kept (who set which dates when)
 */
export class DynamoDbCalendarStore implements CalendarStore {
  private readonly table: TableItems;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async read(): Promise<Calendar> {
    const item = await this.table.read('CALENDAR', 'CURRENT');
    return item ? (JSON.parse(String(item.calendar)) as Calendar) : { periods: [], setAt: null, setBy: null };
  }

  async write(calendar: Calendar): Promise<void> {
    const text = JSON.stringify(calendar);
    await this.table.putIfAbsent({ pk: 'CALENDAR', sk: `SET#${calendar.setAt}`, calendar: text });
    await this.table.put({ pk: 'CALENDAR', sk: 'CURRENT', calendar: text });
  }
}

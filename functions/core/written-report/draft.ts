import { sortTimeline, type IncidentRecord, type WrittenReportContent } from '../incident';
import { categoryOf, clockTime, localDate, type Plan } from '../plan';

/**
 * The draft the console offers: time, place, situation, who knew what when, measures and 善后, as
 * far as the timeline tells them. The people who handled it fill in what it cannot know.
 */
export function draftFromTimeline(record: IncidentRecord, plan: Plan): WrittenReportContent {
  const { incident } = record;
  const events = sortTimeline(record.timeline);
  const when = (iso: string) => localDateTime(plan.timeZone, iso);
  const category = categoryOf(plan, incident.category)?.name ?? incident.category;
  const zh = plan.language !== 'en';
  const knowledge = events.flatMap((event): string[] => {
    switch (event.type) {
      case 'reported':
        return [
          zh
            ? `${when(event.at)} ${event.reporter.name ?? '报告人'}报告（${event.channel === 'sms' ? '短信' : '网页'}）`
            : `${when(event.at)} reported by ${event.reporter.name ?? 'a reporter'} (${event.channel})`,
        ];
      case 'notified':
        return [zh ? `${when(event.at)} 短信通知${event.name}` : `${when(event.at)} ${event.name} texted`];
      case 'acknowledged':
        return [zh ? `${when(event.at)} ${event.name}确认收到` : `${when(event.at)} ${event.name} acknowledged`];
      case 'reported-to-bureau':
        return [zh ? `${when(event.at)} ${event.name}向上级报告` : `${when(event.at)} ${event.name} reported to the superior`];
      case 'late':
        return [zh ? `${when(event.at)} 超过上报时限（缓报），已通知上级` : `${when(event.at)} report deadline passed (late); the superior was told`];
      default:
        return [];
    }
  });
  const measures = events.flatMap((event) => (event.type === 'note' ? [`${when(event.at)} ${event.name}: ${event.text}`] : []));
  const closed = events.find((event) => event.type === 'closed');
  return {
    time: when(incident.reportedAt),
    place: incident.place,
    situation: `${category}: ${incident.description}`,
    knowledge: knowledge.join('\n'),
    measures: measures.join('\n'),
    aftermath: closed ? (zh ? `${when(closed.at)} ${closed.name}结案: ${closed.resolution}` : `${when(closed.at)} closed by ${closed.name}: ${closed.resolution}`) : '',
  };
}

function localDateTime(timeZone: string, iso: string): string {
  return `${localDate(new Date(iso), timeZone)} ${clockTime(timeZone, iso)}`;
}

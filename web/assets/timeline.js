// @ts-check
/**
 * The incident's timeline as a picture: time runs left to right from the report; one row per level
 * of the chain and one for the superior (the bureau); each text is a dot on its level's row, each
 * acknowledgement and report a green mark, each deadline a dashed line, and what was missed red.
 */
import { clockTime } from './app.js';
import { lang, t } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 960;
const LEFT = 120;
const RIGHT = 24;
const TOP = 40;
const LANE = 36;
const AXIS = 30;

/**
 * @param {string} tag
 * @param {Record<string, string | number>} attributes
 * @param {...(SVGElement | string)} children
 */
function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** A tooltip for a mark. */
const title = (/** @type {string} */ text) => svg('title', {}, text);

/** Round-number tick spacing for a time range, in minutes. */
function tickMinutes(/** @type {number} */ rangeMinutes) {
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120, 240, 360, 720, 1440]) if (rangeMinutes / step <= 8) return step;
  return 2880;
}

/**
 * @param {any} incident the API's incident (GET /incidents/{id})
 * @param {number} now the server's clock, ms
 * @param {(iso: string) => string} formatTime
 * @returns {SVGSVGElement}
 */
export function timelineSvg(incident, now, formatTime) {
  const start = Date.parse(incident.reportedAt);
  const events = /** @type {any[]} */ (incident.timeline);
  const closed = events.find((event) => event.type === 'closed');
  const levelCount = Math.max(incident.deadlines.levels.length, 1);
  const lastEvent = Math.max(start, ...events.map((event) => Date.parse(event.at)));
  const endAt = Math.max(lastEvent, Date.parse(incident.deadlines.report), closed ? 0 : now);
  const end = start + (endAt - start) * 1.04 + 60_000;
  const lanes = [
    ...Array.from({ length: levelCount }, (_, index) => ({ key: String(index + 1), label: t('level.label', { level: index + 1 }) })),
    { key: 'report', label: t('lane.superior') },
    { key: 'notes', label: t('lane.notes') },
  ];
  const height = TOP + lanes.length * LANE + AXIS;
  const x = (/** @type {number} */ ms) => LEFT + ((ms - start) / (end - start)) * (WIDTH - LEFT - RIGHT);
  const laneY = (/** @type {string} */ key) => TOP + lanes.findIndex((lane) => lane.key === key) * LANE + LANE / 2;

  const root = /** @type {SVGSVGElement} */ (svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-labelledby': 'timeline-title', 'data-timeline': incident.id }));
  root.append(svg('title', { id: 'timeline-title' }, `${t('incident.picture')}: ${incident.categoryName} #${incident.code}`));

  // Rows.
  lanes.forEach((lane, index) => {
    const y = TOP + index * LANE;
    if (index % 2 === 0) root.append(svg('rect', { class: 'tl-lane', x: LEFT, y, width: WIDTH - LEFT - RIGHT, height: LANE }));
    root.append(svg('text', { class: 'tl-lane-label', x: 8, y: y + LANE / 2 + 4 }, lane.label));
  });

  // Each level's time on the chain: from its first text until the next level's, the acknowledgement, or the end.
  const ackAt = events.find((event) => event.type === 'acknowledged')?.at;
  const stop = Math.min(ackAt ? Date.parse(ackAt) : Infinity, closed ? Date.parse(closed.at) : Infinity, Math.min(now, end));
  const firstText = (/** @type {number} */ level) => events.find((event) => (event.type === 'notified' || event.type === 'notify-failed') && event.level === level)?.at;
  for (let level = 1; level <= levelCount; level += 1) {
    const from = firstText(level);
    if (!from) continue;
    const next = firstText(level + 1);
    const until = Math.min(next ? Date.parse(next) : Infinity, stop);
    if (until > Date.parse(from))
      root.append(svg('rect', { class: 'tl-band', x: x(Date.parse(from)), y: laneY(String(level)) - 7, width: Math.max(2, x(until) - x(Date.parse(from))), height: 14, rx: 3 }));
  }

  // Axis with ticks in the incident's time zone.
  const axisY = TOP + lanes.length * LANE + 4;
  root.append(svg('line', { class: 'tl-axis', x1: LEFT, x2: WIDTH - RIGHT, y1: axisY, y2: axisY }));
  const step = tickMinutes((end - start) / 60_000) * 60_000;
  for (let tick = Math.ceil(start / step) * step; tick <= end; tick += step) {
    root.append(svg('line', { class: 'tl-axis', x1: x(tick), x2: x(tick), y1: axisY, y2: axisY + 4 }));
    root.append(svg('text', { class: 'tl-tick', x: x(tick), y: axisY + 17, 'text-anchor': 'middle' }, formatTime(new Date(tick).toISOString())));
  }

  // Deadlines: dashed; red when passed and not met.
  const deadline = (/** @type {string} */ at, /** @type {string} */ label, /** @type {boolean} */ missed, /** @type {number} */ row) => {
    const position = x(Date.parse(at));
    const cls = missed ? ' missed' : '';
    root.append(svg('line', { class: `tl-deadline${cls}`, x1: position, x2: position, y1: TOP - 4, y2: axisY }, title(`${label} ${formatTime(at)}`)));
    root.append(svg('text', { class: `tl-deadline-label${cls}`, x: position + 3, y: 14 + (row % 2) * 14 }, label));
  };
  incident.deadlines.levels.forEach((/** @type {{ level: number, at: string }} */ entry, /** @type {number} */ index) => {
    const passed = Date.parse(entry.at) <= now;
    deadline(entry.at, t('mark.level', { level: entry.level }), passed && !(ackAt && ackAt <= entry.at), index);
  });
  deadline(incident.deadlines.report, t('mark.report'), incident.late, levelCount);

  // Marks.
  const levelOf = (/** @type {string} */ personId) => events.find((event) => event.type === 'notified' && event.personId === personId)?.level;
  /** @type {Map<string, number>} */
  const stacked = new Map();
  const offset = (/** @type {string} */ lane, /** @type {number} */ position) => {
    const key = `${lane}:${Math.round(position / 6)}`;
    const count = stacked.get(key) ?? 0;
    stacked.set(key, count + 1);
    return (count % 3) * 6 - 6;
  };
  for (const event of events) {
    const at = Date.parse(event.at);
    const position = x(at);
    const tip = `${formatTime(event.at)} ${describe(event, events)}`;
    switch (event.type) {
      case 'notified':
      case 'notify-failed': {
        const lane = event.level === 'report' ? 'report' : String(event.level);
        const y = laneY(lane) + offset(lane, position);
        root.append(svg('circle', { class: event.type === 'notified' ? 'tl-sent' : 'tl-failed', cx: position, cy: y, r: 4.5, 'data-mark': event.type }, title(tip)));
        break;
      }
      case 'delivered':
      case 'delivery-failed': {
        // The carrier's report, as a ring on the text's row: green delivered, red not.
        const lane = event.level === 'report' ? 'report' : String(event.level);
        root.append(
          svg('circle', { class: event.type === 'delivered' ? 'tl-delivered' : 'tl-undelivered', cx: position, cy: laneY(lane), r: 7, 'data-mark': event.type }, title(tip)),
        );
        break;
      }
      case 'acknowledged': {
        const level = levelOf(event.personId);
        const y = laneY(level === undefined || level === 'report' ? 'report' : String(level));
        root.append(svg('path', { class: 'tl-ack', d: `M${position - 7},${y} l5,6 l10,-12 l2,2 l-12,14 z`, 'data-mark': 'acknowledged' }, title(tip)));
        break;
      }
      case 'reported-to-bureau': {
        const y = laneY('report');
        root.append(svg('rect', { class: 'tl-reported', x: position - 6, y: y - 6, width: 12, height: 12, 'data-mark': 'reported' }, title(tip)));
        break;
      }
      case 'late': {
        const y = laneY('report');
        root.append(svg('path', { class: 'tl-late', d: `M${position},${y - 8} l8,14 h-16 z`, 'data-mark': 'late' }, title(tip)));
        break;
      }
      case 'unanswered': {
        const y = laneY(String(levelCount));
        root.append(
          svg('path', { class: 'tl-failed', d: `M${position - 6},${y - 6} l12,12 m0,-12 l-12,12`, stroke: '#b3261e', 'stroke-width': 3, 'data-mark': 'unanswered' }, title(tip)),
        );
        break;
      }
      case 'note': {
        const y = laneY('notes');
        root.append(svg('path', { class: 'tl-note', d: `M${position},${y - 6} l6,6 l-6,6 l-6,-6 z`, 'data-mark': 'note' }, title(tip)));
        break;
      }
      case 'reported': {
        root.append(svg('path', { class: 'tl-reported-mark', d: `M${position},${TOP - 2} l5,-8 h-10 z` }, title(tip)));
        break;
      }
      case 'closed': {
        root.append(svg('line', { class: 'tl-closed', x1: position, x2: position, y1: TOP, y2: axisY }, title(tip)));
        root.append(svg('text', { class: 'tl-deadline-label', x: position + 3, y: axisY - 4 }, t('mark.closed')));
        break;
      }
      default:
        break;
    }
  }

  // Now.
  if (!closed && now >= start && now <= end) {
    root.append(svg('line', { class: 'tl-now', x1: x(now), x2: x(now), y1: TOP, y2: axisY }));
    root.append(svg('text', { class: 'tl-now-label', x: x(now) + 3, y: axisY - 4 }, t('mark.now')));
  }
  return root;
}

/** Names of the people texted, by person id, for events that carry only the id. @type {Map<string, string>} */
const names = new Map();
const nameOf = (/** @type {string} */ personId) => names.get(personId) ?? personId;

/**
 * The reasons the steps record are English sentences (functions/core/escalation); the page says the
 * known ones in its language. A provider's own message is shown as is in English, and in Chinese as
 * a plain 'refused', since it would be English in a Chinese page.
 * @param {string | undefined} reason
 */
function reasonText(reason = '') {
  if (reason.startsWith('nobody holds ')) return t('reason.nobodyOnDuty');
  if (reason.startsWith('quiet hours ')) return t('reason.quietHours');
  const known = /** @type {Record<string, string>} */ ({
    'nobody at this level could be texted': 'reason.nobodyTextable',
    'the number has opted out (STOP)': 'reason.optedOut',
    'not delivered': 'reason.notDelivered',
  })[reason];
  if (known) return t(known);
  return lang() === 'en' && reason ? reason : t('reason.provider');
}

/** One timeline event in words. @param {any} event @param {any[]} [timeline] the whole timeline, for names */
export function describe(event, timeline = []) {
  for (const other of timeline) if (other.personId && other.name) names.set(other.personId, other.name);
  const levelName = (/** @type {number | 'report'} */ level) => (level === 'report' ? t('event.levelReport') : t('level.label', { level }));
  switch (event.type) {
    case 'reported':
      return t('event.reported', {
        channel: t(`event.reported.${event.channel}`),
        who: [event.reporter?.name, event.reporter?.phone].filter(Boolean).join(' ') || t('event.anonymous'),
      });
    case 'notified':
      return event.round ? t('event.notified.reminder', { name: event.name, round: event.round }) : t('event.notified', { name: event.name, level: levelName(event.level) });
    case 'called':
      return event.round ? t('event.called.reminder', { name: event.name, round: event.round, to: event.to }) : t('event.called', { name: event.name, to: event.to });
    case 'call-failed':
      return t('event.call-failed', { name: event.name, reason: reasonText(event.reason) });
    case 'reminded':
      return t('event.reminded', { name: event.name, level: event.level, round: event.round, to: (event.to ?? []).map((/** @type {any} */ p) => p.name).join('、') });
    case 'notify-failed':
      return t('event.notify-failed', { name: event.name, reason: reasonText(event.reason) });
    case 'escalated':
      return event.requestedBy ? t('event.escalated.by', { level: event.level, name: event.requestedBy.name }) : t('event.escalated', { level: event.level });
    case 'delivered':
      return t('event.delivered', { name: nameOf(event.personId), seconds: event.dwellTimeMs === undefined ? '?' : Math.round(event.dwellTimeMs / 1000) });
    case 'delivery-failed':
      return t('event.delivery-failed', { name: nameOf(event.personId), reason: reasonText(event.reason) });
    case 'witness':
      return t('event.witness', { phone: event.phone, text: event.text });
    case 'skipped':
      return t('event.skipped', { level: event.level, reason: reasonText(event.reason) });
    case 'escalation-started':
      return t('event.escalation-started');
    case 'handover':
      return t('event.handover', {
        from: (event.from ?? []).map((/** @type {any} */ p) => p.name).join('、') || '—',
        to: (event.to ?? []).map((/** @type {any} */ p) => p.name).join('、') || '—',
      });
    case 'unanswered':
      return t('event.unanswered');
    case 'acknowledged':
    case 'received':
    case 'written-report-requested':
    case 'reported-to-bureau':
      return t(`event.${event.type}`, { name: event.name });
    case 'late':
      return t('event.late');
    case 'closed':
      return t('event.closed', { name: event.name, resolution: event.resolution });
    case 'note':
      return t('event.note', { name: event.name, text: event.text });
    case 'linked':
      return t(`event.linked.${event.to}`, { code: event.code ?? '', name: event.name });
    case 'written-report-due':
      return t('event.written-report-due', { at: clockTime(event.dueAt, null, true) });
    case 'written-report-saved':
    case 'written-report-submitted':
    case 'written-report-accepted':
    case 'written-report-late':
    case 'written-report-chased':
      return t(`event.${event.type}`, { name: event.name ?? '' });
    case 'written-report-returned':
      return t('event.written-report-returned', { name: event.name, reason: event.reason });
    default:
      return event.type;
  }
}

/** Legend entries: [css class, shape, label key]. */
export function legend() {
  const item = (/** @type {string} */ shape, /** @type {string} */ key) => {
    const li = document.createElement('li');
    const icon = svg('svg', { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': 'true' });
    icon.innerHTML = shape;
    li.append(icon, t(key));
    return li;
  };
  const list = document.createElement('ul');
  list.className = 'legend';
  list.append(
    item('<circle class="tl-sent" cx="8" cy="8" r="5"/>', 'legend.sent'),
    item('<circle class="tl-delivered" cx="8" cy="8" r="6"/>', 'legend.delivered'),
    item('<circle class="tl-failed" cx="8" cy="8" r="5"/>', 'legend.failed'),
    item('<path class="tl-ack" d="M2,8 l5,6 l8,-11 l1,1 l-9,13 z"/>', 'legend.ack'),
    item('<rect class="tl-reported" x="3" y="3" width="10" height="10"/>', 'legend.reported'),
    item('<path class="tl-late" d="M8,1 l7,13 h-14 z"/>', 'legend.late'),
    item('<path class="tl-note" d="M8,2 l6,6 l-6,6 l-6,-6 z"/>', 'legend.note'),
    item('<line class="tl-deadline" x1="8" x2="8" y1="0" y2="16"/>', 'legend.deadline'),
  );
  return list;
}

import { sortTimeline, stateOf } from './model';
import type { IncidentRecord } from './ports';

/** The incident as the API shows it: what was reported, where it stands, and its timeline. */
export function incidentView({ incident, timeline }: IncidentRecord) {
  const state = stateOf(timeline);
  // The link key would let anyone who reads the incident derive its texts' links.
  const { linkKey, ...shown } = incident;
  void linkKey;
  return {
    ...shown,
    status: state.status,
    acknowledged: state.acknowledged,
    acknowledgedBy: state.acknowledgedBy,
    reportedToBureau: state.reportedToBureau,
    late: state.late,
    levelReached: state.levelReached,
    timeline: sortTimeline(timeline),
  };
}

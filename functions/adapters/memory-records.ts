import type { CaseEvent, CaseRecord, CaseStore, PetitionCase } from '../core/cases';
import type { DutyLogEntry, DutyLogStore } from '../core/duty-log';
import type { Risk, RiskEvent, RiskRecord, RiskStore, Screening } from '../core/risks';

/** In-memory cases, risks and duty log for tests of the domain; same write-once rules as the DynamoDB stores. */

export class MemoryCaseStore implements CaseStore {
  private readonly records = new Map<string, CaseRecord>();

  async create(petitionCase: PetitionCase): Promise<boolean> {
    if (this.records.has(petitionCase.id)) return false;
    this.records.set(petitionCase.id, { case: structuredClone(petitionCase), events: [] });
    return true;
  }

  async get(caseId: string): Promise<CaseRecord | undefined> {
    return structuredClone(this.records.get(caseId));
  }

  async list(orgId: string): Promise<CaseRecord[]> {
    const records = [...this.records.values()].filter((record) => record.case.orgId === orgId);
    return structuredClone(records.sort((a, b) => a.case.openedAt.localeCompare(b.case.openedAt)));
  }

  async append(ref: Pick<PetitionCase, 'id'>, event: CaseEvent): Promise<boolean> {
    const record = this.records.get(ref.id);
    if (!record || record.events.some((existing) => existing.key === event.key)) return false;
    record.events.push(structuredClone(event));
    return true;
  }
}

export class MemoryRiskStore implements RiskStore {
  private readonly records = new Map<string, RiskRecord>();
  private readonly screenings = new Map<string, Screening>();

  async create(risk: Risk): Promise<boolean> {
    if (this.records.has(risk.id)) return false;
    this.records.set(risk.id, { risk: structuredClone(risk), events: [] });
    return true;
  }

  async get(riskId: string): Promise<RiskRecord | undefined> {
    return structuredClone(this.records.get(riskId));
  }

  async append(risk: Pick<Risk, 'id'>, event: RiskEvent): Promise<boolean> {
    const record = this.records.get(risk.id);
    if (!record || record.events.some((existing) => existing.key === event.key)) return false;
    record.events.push(structuredClone(event));
    return true;
  }

  async addScreening(screening: Screening): Promise<boolean> {
    const key = `${screening.orgId}#${screening.date}#${screening.at}#${screening.unit.personId}`;
    if (this.screenings.has(key)) return false;
    this.screenings.set(key, structuredClone(screening));
    return true;
  }

  async day(orgId: string, date: string): Promise<{ risks: RiskRecord[]; screenings: Screening[] }> {
    return structuredClone({
      risks: [...this.records.values()].filter((record) => record.risk.orgId === orgId && record.risk.date === date),
      screenings: [...this.screenings.values()].filter((screening) => screening.orgId === orgId && screening.date === date).sort((a, b) => a.at.localeCompare(b.at)),
    });
  }
}

export class MemoryDutyLogStore implements DutyLogStore {
  readonly entries = new Map<string, DutyLogEntry>();

  async add(entry: DutyLogEntry): Promise<boolean> {
    if (this.entries.has(entry.id)) return false;
    this.entries.set(entry.id, structuredClone(entry));
    return true;
  }

  async day(planId: string, date: string): Promise<DutyLogEntry[]> {
    return structuredClone([...this.entries.values()].filter((entry) => entry.planId === planId && entry.date === date).sort((a, b) => a.at.localeCompare(b.at)));
  }
}

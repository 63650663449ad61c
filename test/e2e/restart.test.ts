import { eventually, startTestRuntime } from '../support/runtime';

const PRINCIPAL = '+8613800000101';
const DEPUTIES = ['+8613800000102', '+8613800000103'];

test('a restart mid-chain resumes: the next level is texted at its deadline, and nobody twice', async () => {
  const first = await startTestRuntime({ speed: 600 });
  const { body: incident } = await first.post('/incidents', { planId: 'huapu-primary', category: 'fire', place: '实验楼', description: '化学实验室起火' });
  await eventually(() => first.textsFor(incident.id).some((text) => text.to === PRINCIPAL));
  await first.close(true);

  const second = await startTestRuntime({ speed: 600, dataDir: first.dataDir });
  try {
    const level1 = incident.deadlines.levels[0].at;
    const deputies = await eventually(() => {
      const texts = second.textsFor(incident.id).filter((text) => DEPUTIES.includes(text.to));
      return texts.length === 2 && texts;
    });
    for (const text of deputies) expect(text.at >= level1).toBe(true);

    // Once the chain has run out, everyone has had each level's text exactly once.
    const principal = await second.signIn(PRINCIPAL);
    const { body: after } = await eventually(async () => {
      const response = await second.get(`/incidents/${incident.id}`, principal);
      return response.body.timeline.some((event: { type: string }) => event.type === 'unanswered') && response;
    });
    const notified = after.timeline.filter((event: { type: string }) => event.type === 'notified');
    const perLevel = notified.map((event: { level: number; phone: string }) => `${event.level}:${event.phone}`);
    expect(new Set(perLevel).size).toBe(perLevel.length);
    expect(second.textsFor(incident.id)).toHaveLength(notified.length);
    expect(second.textsFor(incident.id).filter((text) => text.to === PRINCIPAL)).toHaveLength(2);
  } finally {
    await second.close();
  }
});

import { peopleByPhone } from '../../../functions/core/plan';
import { loadPlan } from '../plans/support';

/** The local SMS simulator shows each phone's texts at the times of its plan's zone, as the console does. */

test('each phone the simulator lists carries its plan time zone', () => {
  const huapu = loadPlan('huapu-primary');
  const abroad = { ...loadPlan('zihe-middle'), timeZone: 'Europe/London' };
  const phones = peopleByPhone([huapu, abroad]);
  const principal = huapu.people[0]!;
  expect(phones.find((phone) => phone.phone === principal.phone)?.timeZone).toBe('Asia/Shanghai');
  const onlyAbroad = abroad.people.find((person) => !huapu.people.some((other) => other.phone === person.phone))!;
  expect(phones.find((phone) => phone.phone === onlyAbroad.phone)?.timeZone).toBe('Europe/London');
});

test('a phone whose holder has a fixed line carries it, for the simulator to ring there too', () => {
  const phones = peopleByPhone([loadPlan('huapu-primary')]);
  expect(phones.find((phone) => phone.phone === '+8613800000110')?.landlines).toEqual(['+867715551110']);
  expect(phones.find((phone) => phone.phone === '+8613800000101')?.landlines).toEqual([]);
});

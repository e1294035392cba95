import { MAX_ALARM_DESCRIPTION_LENGTH, parseSloAlarmLabel, withSloAlarmLabel } from '../../lib/slo/alarm-label';
import type { SloAlarmMetadata } from '../../lib/slo';

const label: SloAlarmMetadata = { slo: 'App-Primary/AvailabilitySlo', role: 'window', id: 'burn-1h-x14.4', availability: 0.999, periodDays: 30 };

test('a labelled description reads back the same label, after the human text', () => {
  const d = withSloAlarmLabel('SLO 99.9 % over 30 d: error ratio over the last 1h > 0.0144', label);
  expect(d.startsWith('SLO 99.9 % over 30 d')).toBe(true);
  expect(parseSloAlarmLabel(d)).toEqual(label);
});

test('a long description is shortened so the whole fits CloudWatch\'s 1,024 characters and the label stays whole', () => {
  const d = withSloAlarmLabel('x'.repeat(5000), label);
  expect(d.length).toBe(MAX_ALARM_DESCRIPTION_LENGTH);
  expect(parseSloAlarmLabel(d)).toEqual(label);
});

test('descriptions without a label, or with a broken one, read as no label', () => {
  expect(parseSloAlarmLabel(undefined)).toBeUndefined();
  expect(parseSloAlarmLabel('an alarm somebody else made')).toBeUndefined();
  expect(parseSloAlarmLabel('x\n\ncdk-scale-patterns:slo-alarm {not json')).toBeUndefined();
  expect(parseSloAlarmLabel('x\n\ncdk-scale-patterns:slo-alarm {"slo":"a"}')).toBeUndefined();
});

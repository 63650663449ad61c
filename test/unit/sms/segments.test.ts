import { countSegments, splitSegments, truncateToFit, fitsOneSegment } from '../../../functions/core/sms/segments';

describe('countSegments', () => {
  test.each([
    ['160 Latin characters: one GSM-7 segment', 'a'.repeat(160), 'GSM-7', 160, 1],
    ['161 Latin characters: two parts of 153', 'a'.repeat(161), 'GSM-7', 161, 2],
    ['306 Latin characters: still two parts', 'a'.repeat(306), 'GSM-7', 306, 2],
    ['307 Latin characters: three parts', 'a'.repeat(307), 'GSM-7', 307, 3],
    ['80 braces: the extension table counts 2 each, 160 septets', '{'.repeat(80), 'GSM-7', 160, 1],
    ['81 braces: 162 septets, two parts', '{'.repeat(81), 'GSM-7', 162, 2],
    ['70 Chinese characters: one UCS-2 segment', '火'.repeat(70), 'UCS-2', 70, 1],
    ['71 Chinese characters: two parts of 67', '火'.repeat(71), 'UCS-2', 71, 2],
    ['134 Chinese characters: two parts', '火'.repeat(134), 'UCS-2', 134, 2],
    ['135 Chinese characters: three parts', '火'.repeat(135), 'UCS-2', 135, 3],
    ['one Chinese character makes 100 Latin ones UCS-2', `${'a'.repeat(99)}火`, 'UCS-2', 100, 2],
    ['an ellipsis … is not GSM-7', `${'a'.repeat(69)}…`, 'UCS-2', 70, 1],
    ['an emoji counts as two code units', `${'a'.repeat(68)}🔥`, 'UCS-2', 70, 1],
    ['an emoji past 70 code units splits the text', `${'a'.repeat(69)}🔥`, 'UCS-2', 71, 2],
    ['【signature】 brackets are UCS-2', '【应急】', 'UCS-2', 4, 1],
    ['nothing to send', '', 'GSM-7', 0, 0],
  ])('%s', (_label, text, encoding, units, segments) => {
    expect(countSegments(text)).toEqual({ encoding, units, segments });
  });
});

describe('splitSegments', () => {
  test('never cuts an emoji in half: the part ends before it', () => {
    const parts = splitSegments(`${'a'.repeat(66)}🔥${'b'.repeat(10)}`);
    expect(parts).toEqual(['a'.repeat(66), `🔥${'b'.repeat(10)}`]);
  });

  test('never cuts an escape sequence: € moves whole to the next part', () => {
    const parts = splitSegments(`${'a'.repeat(152)}€${'b'.repeat(10)}`);
    expect(parts).toEqual(['a'.repeat(152), `€${'b'.repeat(10)}`]);
  });

  test('the parts put back together are the text', () => {
    const text = `3号楼着火了，${'浓烟从二楼窗户冒出来。'.repeat(20)}🔥`;
    expect(splitSegments(text).join('')).toBe(text);
    expect(splitSegments(text).every((part) => [...part].reduce((units, char) => units + char.length, 0) <= 67)).toBe(true);
  });
});

describe('truncateToFit', () => {
  const alert = (place: string) => `【应急】火灾:${place} #ABC234 急拨119 确认 https://yj.example.cn/a/Ab3_x-Z9kQ2w`;

  test('keeps a value that fits', () => {
    expect(truncateToFit('3号楼', alert)).toBe('3号楼');
  });

  test('cuts a value that does not fit to the longest prefix that does, ending in …', () => {
    const full = '福成镇花铺小学北校区三号教学楼二楼东侧卫生间';
    const place = truncateToFit(full, alert);
    const kept = place.slice(0, -1);
    expect(place.endsWith('…')).toBe(true);
    expect(full.startsWith(kept)).toBe(true);
    expect(fitsOneSegment(alert(place))).toBe(true);
    // One character more would not have fitted.
    expect(fitsOneSegment(alert(`${full.slice(0, kept.length + 1)}…`))).toBe(false);
  });

  test('uses "..." where "…" would turn a GSM-7 text into UCS-2', () => {
    const text = (place: string) => `Fire at ${place} #ABC234. Call 119. Ack: https://yj.example.cn/a/Ab3_x-Z9kQ2w`;
    const place = truncateToFit('x'.repeat(150), text);
    expect(place.endsWith('...')).toBe(true);
    expect(countSegments(text(place))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
  });

  test('gives up the value entirely when not even one character fits', () => {
    expect(truncateToFit('3号楼', (place) => `${'火'.repeat(69)}${place}`)).toBe('');
  });
});

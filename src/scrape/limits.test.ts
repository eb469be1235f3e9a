import { describe, expect, it } from 'vitest';
import { checkLabelLimits } from './limits.js';

const none = { labelLimit: 0, labelNameLengthLimit: 0, labelValueLengthLimit: 0 };

describe('checkLabelLimits', () => {
  it('passes anything when no limit is set', () => {
    expect(checkLabelLimits({ __name__: 'x'.repeat(10_000), a: 'b' }, none)).toBeUndefined();
  });

  it('counts __name__ among the labels, as Prometheus does', () => {
    expect(checkLabelLimits({ __name__: 'up', job: 'a' }, { ...none, labelLimit: 2 })).toBeUndefined();
    expect(checkLabelLimits({ __name__: 'up', job: 'a', x: 'y' }, { ...none, labelLimit: 2 })).toBe('label_limit exceeded (metric: up, number of labels: 3, limit: 2)');
  });

  it('measures lengths in UTF-8 bytes and reports the first label in name order', () => {
    const l = { __name__: 'm', zz: 'ééé', aa: 'abcd' };
    // 'ééé' is 3 characters but 6 bytes; 'abcd' (4 bytes) sorts first and breaks the limit first.
    expect(checkLabelLimits(l, { ...none, labelValueLengthLimit: 3 })).toBe(
      'label_value_length_limit exceeded (metric: m, label name: aa, value: "abcd", length: 4, limit: 3)',
    );
    expect(checkLabelLimits({ __name__: 'm', zz: 'ééé' }, { ...none, labelValueLengthLimit: 5 })).toBe(
      'label_value_length_limit exceeded (metric: m, label name: zz, value: "ééé", length: 6, limit: 5)',
    );
    expect(checkLabelLimits({ __name__: 'm', long_label_name: 'v' }, { ...none, labelNameLengthLimit: 8 })).toBe(
      'label_name_length_limit exceeded (metric: m, label name: long_label_name, length: 15, limit: 8)',
    );
  });

  it('truncates metric, name and value to 50 characters and quotes the value as Go does', () => {
    const v = 'a"b\n' + 'x'.repeat(100);
    const msg = checkLabelLimits({ __name__: 'n'.repeat(60), l: v }, { ...none, labelValueLengthLimit: 70 })!;
    expect(msg).toBe(`label_value_length_limit exceeded (metric: ${'n'.repeat(50)}, label name: l, value: "a\\"b\\n${'x'.repeat(46)}", length: 104, limit: 70)`);
  });
});

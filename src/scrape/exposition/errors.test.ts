import { describe, expect, it } from 'vitest';
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { parseExposition } from './parse.js';
import type { ExpositionFormat } from './types.js';

// Each case: input, format, then the exact `line:col: message` the user sees.
const cases: Array<[string, string, ExpositionFormat, string]> = [
  ['unterminated label value', 'ok 1\na{x="1} 2\n', 'prometheus', '2:5: unterminated label value'],
  ['label value runs into a raw newline', 'a{x="1\n2"} 1\n', 'prometheus', '1:5: unterminated label value'],
  ['invalid escape in label value', 'a{x="C:\\temp"} 1\n', 'prometheus', '1:8: invalid escape sequence "\\t" in label value (allowed: \\\\, \\", \\n)'],
  ['invalid escape in HELP', '# HELP a say \\"hi\\"\n', 'prometheus', '1:14: invalid escape sequence "\\"" in HELP (allowed: \\\\, \\n)'],
  ['missing value', 'a{x="1"}\n', 'prometheus', '1:9: missing value after metric'],
  ['missing value at end of input', 'abc', 'prometheus', '1:4: missing value after metric'],
  ['bad number', 'a 12abc\n', 'prometheus', '1:3: invalid value "12abc"'],
  ['signed NaN is not a Go float', 'a +NaN\n', 'prometheus', '1:3: invalid value "+NaN"'],
  ['float out of range', 'a 1e400\n', 'prometheus', '1:3: invalid value "1e400"'],
  ['hex is not accepted', 'a 0x1p3\n', 'prometheus', '1:3: invalid value "0x1p3"'],
  ['duplicate label name', 'a{x="1",y="2",x="3"} 1\n', 'prometheus', '1:15: duplicate label name "x"'],
  ['__name__ inside braces', 'a{__name__="b"} 1\n', 'prometheus', '1:3: duplicate label name "__name__" (the metric name is already set)'],
  ['invalid metric name', '\n1abc 2\n', 'prometheus', '2:1: invalid metric name "1abc": must match [a-zA-Z_:][a-zA-Z0-9_:]*'],
  ['invalid name after TYPE', '# TYPE 9a counter\n', 'prometheus', '1:8: invalid metric name after TYPE "9a": must match [a-zA-Z_:][a-zA-Z0-9_:]*'],
  ['unknown type', '# TYPE a stateset\n', 'prometheus', '1:10: invalid metric type "stateset" (want one of counter, gauge, histogram, summary, untyped)'],
  ['float timestamp in text format', 'a 1 1.5\n', 'prometheus', '1:5: invalid timestamp "1.5" (want integer milliseconds)'],
  ['text after timestamp', 'a 1 2 3\n', 'prometheus', '1:7: unexpected text after timestamp'],
  ['label set never closed', 'a{x="1" 1\n', 'prometheus', '1:9: expected a label name'],
  ['label set cut at newline', 'a{x="1",\n', 'prometheus', '1:9: unterminated label set: missing "}"'],
  ['label without value', 'a{x} 1\n', 'prometheus', '1:4: expected "=" after label name "x"'],
  ['unquoted label value', 'a{x=1} 1\n', 'prometheus', '1:5: expected a quoted value for label "x"'],
  ['leading comma', 'a{,x="1"} 1\n', 'prometheus', '1:3: unexpected ","; expected a label name'],
  ['OpenMetrics without # EOF', 'a 1\n', 'openmetrics', '2:1: OpenMetrics input must end with "# EOF"'],
  ['OpenMetrics last line without newline', 'a 1', 'openmetrics', '1:4: OpenMetrics input must end with "# EOF"'],
  ['text after # EOF', 'a 1\n# EOF\nb 2\n', 'openmetrics', '3:1: unexpected data after "# EOF"'],
  ['blank line in OpenMetrics', 'a 1\n\n# EOF\n', 'openmetrics', '2:1: blank lines are not allowed in OpenMetrics'],
  ['free comment in OpenMetrics', '# hello\n# EOF\n', 'openmetrics', '1:1: OpenMetrics allows only "# HELP", "# TYPE", "# UNIT" and "# EOF" comments'],
  ['two spaces before value in OpenMetrics', 'a  1\n# EOF\n', 'openmetrics', '1:3: missing value after metric'],
  ['trailing comma in OpenMetrics', 'a{x="1",} 1\n# EOF\n', 'openmetrics', '1:9: expected a label name'],
  ['blank inside braces in OpenMetrics', 'a{x="1", y="2"} 1\n# EOF\n', 'openmetrics', '1:9: expected a label name'],
  ['unit that is not a suffix', '# UNIT a_bytes seconds\n# EOF\n', 'openmetrics', '1:16: unit "seconds" is not a suffix of metric "a_bytes"'],
  ['bad exemplar', 'a 1 # {x="1"}\n# EOF\n', 'openmetrics', '1:14: missing exemplar value'],
  ['bad OpenMetrics timestamp', 'a 1 NaN\n# EOF\n', 'openmetrics', '1:5: invalid timestamp "NaN" (want seconds)'],
  ['untyped is text-only', '# TYPE a untyped\n# EOF\n', 'openmetrics', '1:10: invalid metric type "untyped" (want one of counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown)'],
];

describe('parseExposition bad input', () => {
  it.each(cases)('%s', (_name, input, format, want) => {
    let err: unknown;
    try {
      parseExposition(input, format);
    } catch (e) {
      err = e;
    }
    expect(DaemonError.is(err)).toBe(true);
    const d = err as DaemonError;
    expect(d.code).toBe(ErrorCode.EXPOSITION_PARSE);
    expect(`${d.position!.line}:${d.position!.col}: ${d.message}`).toBe(want);
  });
});

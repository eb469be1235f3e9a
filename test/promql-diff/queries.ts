/**
 * queries: the differential corpus. Each query runs as an instant query (at a rotating time) and,
 * unless `instantOnly`, as a range query; queries Prometheus must reject are included too.
 */

/** DiffQuery is one corpus entry; `ordered` compares the order of an instant vector's values. */
export interface DiffQuery {
  readonly q: string;
  readonly ordered?: boolean;
}

const counters = ['demo_requests_total', 'demo_requests_total{job="api"}', 'demo_requests_total{instance=~"a|b",method!="post"}', 'demo_sparse_total', 'demo_latency_seconds_bucket{le="0.5"}'];
const gauges = ['demo_memory_bytes', 'demo_memory_bytes{instance!~"c"}', 'demo_temperature_celsius', 'demo_up', 'demo_memory_bytes{job="worker"}'];
const ranges = ['1m', '5m', '17m', '45s'];

function rangeFunctions(): string[] {
  const out: string[] = [];
  let k = 0;
  for (const f of ['rate', 'irate', 'increase', 'resets']) {
    for (const s of counters) out.push(`${f}(${s}[${ranges[k++ % ranges.length]}])`);
  }
  for (const f of ['delta', 'idelta', 'deriv', 'changes', 'avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time',
    'count_over_time', 'stddev_over_time', 'stdvar_over_time', 'last_over_time', 'present_over_time']) {
    for (const s of gauges) out.push(`${f}(${s}[${ranges[k++ % ranges.length]}])`);
  }
  for (const s of gauges.slice(0, 3)) {
    out.push(`quantile_over_time(0.9, ${s}[10m])`, `quantile_over_time(0, ${s}[3m])`, `predict_linear(${s}[30m], 3600)`,
      `holt_winters(${s}[10m], 0.5, 0.3)`);
  }
  out.push('absent_over_time(demo_memory_bytes{instance="a",job="worker"}[5m])', 'absent_over_time(demo_nope{job="x"}[5m])',
    'absent_over_time(demo_up[1m])', 'rate({__name__=~"demo_latency_seconds_(sum|count)"}[5m])',
    'rate(demo_requests_total[5m] offset 30m)', 'increase(demo_requests_total{job="worker"}[1h])', 'rate(demo_sparse_total[10m])',
    'irate(demo_sparse_total[10m])', 'delta(demo_temperature_celsius[30m])', 'deriv(demo_temperature_celsius[10m])');
  return out;
}

function aggregations(): string[] {
  const inner = ['demo_memory_bytes', 'rate(demo_requests_total[5m])', 'demo_temperature_celsius', 'demo_up'];
  const out: string[] = [];
  for (const op of ['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar']) {
    out.push(`${op}(${inner[0]})`, `${op} by (job) (${inner[1]})`, `${op} without (instance) (${inner[out.length % 2 === 0 ? 3 : 0]})`, `${op}(${inner[2]})`);
  }
  out.push('topk(3, demo_memory_bytes)', 'topk by (job) (1, rate(demo_requests_total[5m]))', 'bottomk(2, demo_temperature_celsius)',
    'bottomk by (method) (2, demo_requests_total)', 'topk(2, demo_up)', 'topk(0, demo_up)', 'bottomk(100, demo_memory_bytes)',
    'quantile(0.9, demo_memory_bytes)', 'quantile by (job) (0.5, rate(demo_requests_total[5m]))', 'quantile(0.3, demo_temperature_celsius)',
    'count_values("v", demo_up)', 'count_values by (job) ("up", demo_up)', 'count_values without (instance) ("x", demo_up)',
    'sum by (job, method) (increase(demo_requests_total[10m]))', 'sum(rate(demo_requests_total[5m])) by (instance)',
    'avg by (instance) (demo_memory_bytes) / 1e6', 'max without () (demo_up)', 'sum by (nonexistent) (demo_up)',
    'count(demo_nope)', 'sum(demo_nope)', 'topk(demo_up, demo_up)', 'quantile(2, demo_up)', 'quantile(-1, demo_up)');
  return out;
}

function binaries(): string[] {
  return [
    'demo_memory_bytes / 1024 / 1024', '2 * demo_up - 1', 'demo_memory_bytes > 120e6', 'demo_memory_bytes > bool 120e6',
    '120e6 < demo_memory_bytes', '1 - demo_up', 'demo_temperature_celsius >= 0', 'demo_temperature_celsius != bool 0',
    'demo_temperature_celsius % 7', 'demo_temperature_celsius ^ 2', 'atan2(demo_temperature_celsius, 10)',
    'demo_up == 0', 'demo_up == bool 0', '-demo_temperature_celsius', '+demo_up',
    'rate(demo_requests_total[5m]) / on(job, instance) group_left sum by (job, instance) (rate(demo_requests_total[5m]))',
    'demo_memory_bytes * on(job) group_left(team) demo_info', 'demo_info * on(job) group_right(team) demo_memory_bytes',
    'demo_memory_bytes + ignoring(instance) group_left sum without (instance) (demo_memory_bytes)',
    'demo_up * on(job, instance) demo_memory_bytes', 'demo_up + demo_memory_bytes', 'demo_memory_bytes - ignoring(method) demo_up',
    'demo_memory_bytes > on(job, instance) (demo_memory_bytes offset 10m)',
    'demo_memory_bytes > bool on(job, instance) demo_memory_bytes offset 10m',
    'demo_memory_bytes and demo_up == 1', 'demo_memory_bytes unless demo_up == 0', 'demo_memory_bytes or demo_up',
    'demo_memory_bytes and on(instance) demo_up{job="api"}', 'demo_up or on(job) vector(5)', 'demo_nope or demo_up',
    'demo_memory_bytes + on(job) demo_up', 'demo_memory_bytes * on(job) demo_info', 'demo_info * on(job) group_left demo_memory_bytes',
    'sum(demo_up) / count(demo_up)', 'scalar(sum(demo_up)) * demo_up', '(1 + 2) * 3 - 4 / 5', '2 ^ 3 ^ 2', '7 % 3',
    '1 > bool 2', '5 == bool 5', 'time() - 1672531200', 'demo_up{instance="a"} + on() group_left vector(1)',
    'demo_up > 1 or vector(0)', 'rate(demo_requests_total[5m]) > 0.5 and rate(demo_requests_total[5m]) < 1.5',
    'demo_latency_seconds_sum / demo_latency_seconds_count', 'rate(demo_latency_seconds_sum[5m]) / rate(demo_latency_seconds_count[5m])',
    'demo_memory_bytes / on(job) group_left sum by (job) (demo_memory_bytes)', 'demo_temperature_celsius / 0', '0 / demo_up',
    'atan2(demo_up, demo_up)', 'demo_up * -Inf', 'NaN', '-Inf', '1e3', '0x10',
  ];
}

function functions(): string[] {
  const out: string[] = [];
  for (const f of ['abs', 'ceil', 'floor', 'sqrt', 'sgn', 'ln', 'log2', 'log10']) out.push(`${f}(demo_temperature_celsius)`);
  out.push('exp(demo_temperature_celsius / 10)', 'round(demo_temperature_celsius)', 'round(demo_temperature_celsius, 5)',
    'round(demo_memory_bytes / 1e6, 0.25)', 'clamp(demo_temperature_celsius, -3, 4)', 'clamp(demo_temperature_celsius, 4, -3)',
    'clamp_min(demo_temperature_celsius, 0)', 'clamp_max(demo_temperature_celsius, 0)', 'timestamp(demo_memory_bytes)',
    'timestamp(demo_sparse_total)', 'time() - timestamp(demo_sparse_total)', 'timestamp(abs(demo_up))', 'vector(time())',
    'vector(1) + vector(2)', 'scalar(demo_up)', 'scalar(demo_up{instance="a",job="api"})', 'absent(demo_up)',
    'absent(demo_nope{job="a",instance=~"x"})', 'absent(demo_nope{job="a",job="b"})', 'absent(sum(demo_nope))',
    'label_replace(demo_up, "host", "$1-$2", "instance", "(.)(.*)")', 'label_replace(demo_up, "job", "", "job", ".*")',
    'label_replace(demo_up, "x", "${1}y", "job", "(a)pi")', 'label_replace(demo_up, "instance", "same", "nomatch", "(.+)")',
    'label_join(demo_up, "both", ":", "job", "instance")', 'label_join(demo_up, "job", "", "missing")',
    'label_replace(demo_up, "1bad", "x", "job", ".*")', 'label_replace(demo_up, "a", "x", "job", "(")',
    'hour(timestamp(demo_up))', 'minute(timestamp(demo_up{instance="a"}))', 'day_of_week()', 'day_of_month()', 'days_in_month()',
    'month(vector(1709251199))', 'year()', 'day_of_year(vector(1709251199))',
    'histogram_quantile(0.9, rate(demo_latency_seconds_bucket[5m]))',
    'histogram_quantile(0.5, sum by (le) (rate(demo_latency_seconds_bucket[5m])))',
    'histogram_quantile(0.99, sum by (job, le) (increase(demo_latency_seconds_bucket[10m])))',
    'histogram_quantile(0, demo_latency_seconds_bucket)', 'histogram_quantile(1, demo_latency_seconds_bucket)',
    'histogram_quantile(1.5, demo_latency_seconds_bucket)', 'histogram_quantile(0.5, demo_latency_seconds_bucket{le!="+Inf"})',
    'histogram_quantile(0.75, demo_latency_seconds_bucket{instance="a"} offset 1h)', 'pi()', 'deg(demo_up)', 'rad(demo_up)',
    'sin(demo_temperature_celsius)', 'cos(demo_up)', 'tanh(demo_temperature_celsius)');
  return out;
}

function modifiers(): string[] {
  const at = (1_672_531_200 + 3600).toString();
  return [
    'demo_memory_bytes offset 10m', 'demo_memory_bytes offset -5m', `demo_memory_bytes @ ${at}`, `rate(demo_requests_total[5m] @ ${at})`,
    'demo_up @ start()', 'demo_up @ end()', `sum(demo_memory_bytes @ ${at}) by (job)`, `demo_memory_bytes @ ${at} offset 5m`,
    'max_over_time(rate(demo_requests_total[5m])[30m:1m])', 'avg_over_time(demo_memory_bytes[10m:])', 'deriv(sum(demo_memory_bytes)[20m:2m])',
    'rate(demo_requests_total[5m:30s])', 'max_over_time(demo_temperature_celsius[7m:45s] offset 3m)', 'min_over_time((demo_up == 0)[30m:1m])',
    'sum_over_time(sum by (job) (demo_up)[15m:1m])', 'quantile_over_time(0.5, rate(demo_requests_total[1m])[20m:1m])',
    'max_over_time(max_over_time(demo_up[5m])[10m:5m])', `last_over_time(demo_memory_bytes[10m:1m] @ ${at})`,
    'count_over_time((demo_memory_bytes > 100e6)[1h:5m])', 'changes(demo_up[1h:])',
  ];
}

const instantOnly = [
  'demo_up[5m]', 'demo_memory_bytes{instance="b"}[3m]', 'demo_sparse_total[10m] offset 5m', 'rate(demo_requests_total[5m])[10m:2m]',
  'demo_temperature_celsius[1m]', '"a string"',
];

const edges = [
  'demo_sparse_total', 'demo_sparse_total offset 3m', 'count_over_time(demo_sparse_total[170s])', 'rate(demo_sparse_total[3m])',
  'demo_temperature_celsius == demo_temperature_celsius', 'demo_temperature_celsius != demo_temperature_celsius',
  'sum(demo_temperature_celsius)', 'max(demo_temperature_celsius)', 'min by (sensor) (demo_temperature_celsius)',
  'count_values("t", demo_temperature_celsius)', 'quantile(0.5, demo_temperature_celsius)', 'topk(1, demo_temperature_celsius)',
  'bottomk(1, demo_temperature_celsius)', 'stddev(demo_temperature_celsius)', 'avg(demo_memory_bytes * 1e300)', 'avg(demo_up * Inf)',
  'avg(demo_temperature_celsius * Inf)', 'sum_over_time(demo_temperature_celsius[5m])', 'avg_over_time((demo_up * Inf)[5m:1m])',
  'demo_requests_total{method=~"g.*"}', '{__name__=~"demo_.*", job="api", instance="a", method=""}',
  '{__name__=~"demo_memory_bytes|demo_up"} offset 1m', 'demo_requests_total{job=~"api|", method="post"}', 'sum by (__name__) ({job="api"})',
  'count by (le) (demo_latency_seconds_bucket)', 'demo_memory_bytes @ end() offset 5m', 'rate(demo_requests_total[5m] @ start())',
  'max_over_time(demo_memory_bytes[10m:1m] @ end())', 'sum(rate(demo_requests_total[5m] offset -10m))', 'min_over_time(demo_memory_bytes[1h:7m])',
  'rate(demo_requests_total[1h:1m] offset 30m)', 'idelta(demo_memory_bytes[2m:20s])', 'irate(demo_requests_total{instance="b"}[2m])',
  'increase(demo_requests_total{instance="b"}[30m])', 'resets(demo_requests_total{instance="b"}[2h])', 'changes(demo_memory_bytes[2h])',
  'predict_linear(demo_memory_bytes[1h], -600)', 'deriv(demo_up[10m])', 'delta(demo_up[10m])',
  'label_replace(demo_up, "dst", "$2", "instance", "(a)|(b)")', 'label_replace(demo_up, "dst", "$1$1", "job", "(?i)API")',
  'label_replace(demo_up, "dst", "x", "job", "a.*|w.*")', 'label_join(demo_info, "x", ",", "team", "job", "__name__")',
  'demo_memory_bytes * on(job) group_left(instance) demo_info',
  'demo_memory_bytes / ignoring(instance) group_left count without (instance) (demo_memory_bytes)',
  'demo_up and on() vector(1)', 'demo_up unless on() vector(1)', 'vector(1) and on() demo_up', 'demo_up or demo_up offset 5m',
  '(demo_up == 1) or (demo_memory_bytes > 0)', 'demo_memory_bytes > bool 1e20', 'demo_up > Inf', 'NaN == bool NaN', 'demo_up + NaN',
  '-(demo_up)', '- - demo_up', '-sum(demo_up)', 'scalar(vector(3)) + 1', 'time() > bool 1672535000',
  'vector(time()) - on() timestamp(demo_up{instance="a",job="api"})', 'timestamp(demo_up offset 5m)', 'timestamp(demo_up @ 1672534800)',
  'timestamp(demo_sparse_total[10m:1m])', 'absent_over_time(demo_sparse_total[1m])', 'present_over_time(demo_sparse_total[1m])',
  'last_over_time(demo_memory_bytes{instance="a",job="worker"}[1h])', 'demo_memory_bytes{job="worker",instance="a"}',
  'demo_memory_bytes{instance="b"}', 'histogram_quantile(0.5, rate(demo_latency_seconds_bucket[1m] offset 1h))',
  'histogram_quantile(0.9, sum without (instance) (rate(demo_latency_seconds_bucket[5m])))',
  'histogram_quantile(scalar(demo_up{instance="a",job="api"}) * 0.5, demo_latency_seconds_bucket)',
  'histogram_quantile(NaN, demo_latency_seconds_bucket)',
  'histogram_quantile(0.5, label_replace(demo_latency_seconds_bucket, "le", "x", "le", "0.1"))', 'count(count by (job) (demo_up))',
  'sum by (job) (demo_up) > on(job) group_left count by (job) (demo_info)', 'max by (job) (demo_memory_bytes) - min by (job) (demo_memory_bytes)',
  'topk(2, sum by (instance, job) (rate(demo_requests_total[5m])))', 'limitk(2, demo_up)', 'mad_over_time(demo_up[5m])', 'sum by () (demo_up)',
  '{__name__="demo_up"} @ 1672538400.5', 'demo_up[5m] @ end()', 'rate(demo_requests_total[5m:]) @ 1672534800', 'demo_up{instance=~"[ab]"}',
  'demo_up{job!~"^api$"}', 'sum(demo_up) without (job)', 'stdvar by (job) (demo_temperature_celsius)', 'count_values("le", demo_latency_seconds_bucket)',
  'group without (le) (demo_latency_seconds_bucket)', 'sum(demo_latency_seconds_bucket) by (le)', 'quantile_over_time(0.5, demo_temperature_celsius[10m])',
  'max_over_time(demo_temperature_celsius[10m])', 'min_over_time(demo_temperature_celsius[10m])', 'stddev_over_time(demo_temperature_celsius[10m])',
  'timestamp((demo_sparse_total))', 'sum by (job) (demo_memory_bytes) and on(job) topk(1, sum by (job) (demo_memory_bytes))',
  'demo_memory_bytes offset 1h @ 1672538400', 'increase(demo_sparse_total[10m:])', '1 + sum(demo_up) * 2 ^ 2 % 3',
  'day_of_week(demo_up)', 'minute(demo_memory_bytes)', 'label_replace(demo_up, "foo", "$bar", "job", "(?P<bar>a)pi")',
  'label_replace(demo_up, "foo", "$1x", "job", "(a)pi")', 'label_replace(demo_up, "foo", "$$1", "job", "(a)pi")',
  'count_values("value", demo_memory_bytes / 1e9)', 'count_values("v", demo_up * 1e21)', 'count_values("v", demo_up * 1e-7)',
  'topk(scalar(demo_up{instance="c",job="api"}), demo_memory_bytes)', 'bottomk(1.9, demo_memory_bytes)',
  'demo_memory_bytes @ 1672531200 offset -1h', 'avg_over_time(demo_memory_bytes[2h:10m] offset 1h)',
  'sum by (job) (rate(demo_requests_total[5m])) / ignoring(method) group_left sum by (job, method) (rate(demo_requests_total[5m]))',
  'sum by (job, method) (rate(demo_requests_total[5m])) / ignoring(method) group_left sum by (job) (rate(demo_requests_total[5m]))',
  'demo_memory_bytes{job="api"} / on(instance) group_right demo_memory_bytes', 'changes(demo_temperature_celsius[20m])',
  'resets(demo_temperature_celsius[20m])', 'sum(demo_requests_total) - sum(demo_requests_total offset 1m)',
  'irate(demo_requests_total[1m:15s])', 'stddev_over_time(demo_memory_bytes[1h:30s])',
  '-2 ^ 2', '-demo_up ^ 2', '2 ^ -1', '1 - -1', '+1', 'demo_up and demo_up or demo_memory_bytes unless demo_up',
  'demo_up == 1 and demo_up == 1', '2 > bool 1 > bool 0', 'sum(demo_up) without(job)', 'demo_up offset 1m5s',
  'rate(demo_requests_total[1m30s])', 'demo_up[1h30m:1m30s]', "{__name__=~'demo_u.'}", 'demo_up{job=~"api|worker",job!="api"}',
  'demo_up{job="api",}', 'Inf - Inf', '0.0 / 0', '-0', '1e308 * 10', 'scalar(demo_nope)', 'vector(scalar(demo_nope))',
  'sgn(demo_temperature_celsius - 2.5)', 'abs(-demo_up)', 'demo_up # a comment', 'sum(\n  demo_up\n)', 'demo_up{job="a\\"b"}',
  'demo_up{job=`api`}', 'max_over_time(demo_up - demo_up[5m:1m])', 'demo_up + demo_up[5m]', 'sum(demo_up) - sum(demo_up offset 5m)',
  'sum without (instance) (demo_up) - on(job) sum by (job) (demo_up offset 5m)', '-demo_up offset 5m', 'demo_up - demo_up @ 1672534800',
  'max_over_time(-demo_up[5m:1m])', 'rate(demo_requests_total[5m]) * 60 > bool 30', "label_replace(demo_up, 'x', '\\u00e9', 'job', '.*')", 'sum by (job) (demo_up) unless on(job) demo_info',
];

/**
 * parity: what Prometheus' own PromQL test scripts exercise, in queries over this data set: @ with
 * negative offsets, subqueries inside subqueries, bucket edge cases, label collisions and
 * many-to-many errors, every literal form, trig and log functions, regex selectors and
 * label_replace capture groups. (Staleness markers cannot be backfilled; staleness.test pins them.)
 */
function parity(): string[] {
  const mid = (1_672_531_200 + 2700).toString();
  return [
    // @ and offsets, including negative ones and @ before/after offset
    `demo_memory_bytes offset -30m @ ${mid}`, `demo_memory_bytes @ ${mid} offset -30m`, `rate(demo_requests_total[10m] offset -15m @ ${mid})`,
    `sum_over_time(demo_up[20m] @ ${mid} offset 10m)`, 'demo_up @ 1672531200 offset -10m', `-demo_memory_bytes @ ${mid}`,
    `demo_memory_bytes @ ${mid} - demo_memory_bytes @ ${mid} offset 15m`, 'count_over_time(demo_sparse_total[30m] offset -1h)',
    `max_over_time(demo_temperature_celsius[5m:30s] @ ${mid} offset -2m)`,
    // subqueries: nested, offset inside and outside, unaligned steps, instant-vector inner functions
    'max_over_time(avg_over_time(demo_memory_bytes[5m:1m])[20m:4m])', 'sum_over_time(rate(demo_requests_total[2m] offset 1m)[9m:90s])',
    'min_over_time(deriv(demo_memory_bytes[10m])[25m:7m] offset 13m)', 'avg_over_time(abs(demo_temperature_celsius)[11m:37s])',
    'count_over_time(demo_sparse_total[40m:11m])', 'last_over_time(sum(demo_up)[3m:10s])', 'rate(sum by (job) (demo_requests_total)[15m:45s])',
    // classic histograms: quantile edges, summed rates, a missing +Inf bucket, equal bounds written differently
    'histogram_quantile(0, sum by (le) (rate(demo_latency_seconds_bucket[5m])))',
    'histogram_quantile(1, sum by (le) (rate(demo_latency_seconds_bucket[5m])))',
    'histogram_quantile(0.999, sum by (le, job) (rate(demo_latency_seconds_bucket[10m])))',
    'histogram_quantile(0.25, sum by (le, instance) (increase(demo_latency_seconds_bucket[15m])))',
    'histogram_quantile(1.5, demo_latency_seconds_bucket)', 'histogram_quantile(-0.5, demo_latency_seconds_bucket)',
    'histogram_quantile(0.5, demo_latency_seconds_bucket{le!="+Inf"})',
    'histogram_quantile(0.5, label_replace(demo_latency_seconds_bucket, "le", "0.50", "le", "0\\.5"))',
    'histogram_quantile(0.75, demo_latency_seconds_bucket - demo_latency_seconds_bucket offset 1m)',
    'sum by (le) (demo_latency_seconds_bucket) / on() group_left sum(demo_latency_seconds_count)',
    'rate(demo_latency_seconds_sum[5m]) / rate(demo_latency_seconds_count[5m])',
    // label collisions and matching errors
    'demo_memory_bytes + on(job) demo_up', 'demo_up * on(job) group_left demo_memory_bytes',
    'abs({__name__=~"demo_up|demo_memory_bytes", job="api", instance="a"})', 'demo_up / ignoring(instance) demo_info',
    'label_replace(demo_up, "instance", "same", "instance", ".*")', 'sum by (job) (demo_up) + on(job) group_left demo_info',
    'demo_info * on(job) group_left(team) sum by (job) (demo_up)', 'demo_up + ignoring(job, instance) group_right demo_info',
    'demo_memory_bytes{instance="a"} * on(job) group_left(instance) demo_memory_bytes{instance="b"}',
    'demo_up or label_replace(demo_up, "job", "other", "job", "api")',
    // literals in every form the 2.42 lexer takes
    '2.', '1./6.', '0x1F', '0X1f * demo_up', '.5e1', '-Inf', 'NaN', '+2.5', '1e-3 * demo_up', '010 + 0', '-.25', '5e-1 ^ 2.',
    'demo_up offset 90s', 'demo_up * -1.5e+2',
    // trig, hyperbolic, log and rounding functions over values of both signs
    'sin(demo_temperature_celsius / 10)', 'cos(demo_temperature_celsius)', 'tan(demo_temperature_celsius / 20)',
    'asin(demo_temperature_celsius / 30)', 'acos(demo_temperature_celsius / 30)', 'atan(demo_temperature_celsius)',
    'sinh(demo_temperature_celsius / 5)', 'cosh(demo_temperature_celsius / 5)', 'tanh(demo_temperature_celsius / 5)',
    'asinh(demo_temperature_celsius)', 'acosh(demo_temperature_celsius)', 'atanh(demo_temperature_celsius / 20)',
    'deg(atan2(demo_temperature_celsius, 5))', 'rad(demo_temperature_celsius * 12)', 'pi() * demo_up', 'ln(demo_memory_bytes)',
    'log2(demo_memory_bytes / 1024)', 'log10(demo_memory_bytes)', 'exp(demo_temperature_celsius / 4)', 'exp(-demo_memory_bytes / 1e6)',
    'sqrt(demo_memory_bytes)', 'round(demo_temperature_celsius, 0.3)', 'round(demo_temperature_celsius)', 'ceil(demo_temperature_celsius)',
    'floor(-demo_temperature_celsius)', 'clamp(demo_temperature_celsius, -3, 3)', 'clamp_min(demo_temperature_celsius, 0)',
    'clamp(demo_temperature_celsius, 5, -5)', 'demo_temperature_celsius ^ 0.37', '(demo_memory_bytes / 1e8) ^ demo_up',
    // regex selectors: alternation, classes, anchoring, empty matches
    'demo_requests_total{method=~"GET|get"}', 'demo_requests_total{instance=~"[a-b]", method!~"p.*"}', 'demo_up{job=~"ap"}',
    'demo_up{job=~".+er"}', 'demo_memory_bytes{nonexistent=~""}', 'demo_memory_bytes{nonexistent!~".+"}', 'demo_up{job=~"api|"}',
    '{__name__=~"demo_(up|info)"}', 'demo_latency_seconds_bucket{le=~"0\\.[0-9]+", job="api", instance="a"}',
    // label_replace with capture groups, named groups, unmatched groups and a no-match regex
    'label_replace(demo_requests_total, "pair", "$1-$2", "instance", "([a-z])()")',
    'label_replace(demo_memory_bytes, "role", "${1}_x", "job", "(w)orker")', 'label_replace(demo_up, "j2", "$3", "job", "(a)(p)(i)")',
    'label_replace(demo_up, "kind", "$name", "job", "(?P<name>[a-z]+)")', 'label_replace(demo_up, "kind", "z", "job", "nomatch")',
    'label_replace(demo_up, "job", "", "job", "api")', 'label_replace(demo_info, "t", "$1$1", "team", "(.)(.*)")',
  ];
}

const errors = [
  'sum(', 'rate(demo_up)', 'demo_up[5m] + 1', '1 > 2', 'demo_up and 1', 'abs(demo_up[5m])', 'nope(demo_up)', '{}',
  'demo_up{job="api"', 'sum by (job) (demo_up[5m])', 'histogram_quantile(demo_up, demo_up)', 'demo_up offset 5m offset 5m',
  'label_join(demo_up)', 'topk(demo_up)', 'demo_up + bool demo_up', 'round(demo_up, 1, 2)', 'demo_up[5m][5m]',
  'count_values(1, demo_up)', 'quantile_over_time(demo_up[5m], 0.5)', 'demo_up ^^ 2',
];

import { regexQueries } from './queries-regex.js';

/** corpus returns every differential query. */
export function corpus(): DiffQuery[] {
  const all: DiffQuery[] = [];
  for (const q of [...rangeFunctions(), ...aggregations(), ...binaries(), ...functions(), ...modifiers(), ...parity(), ...instantOnly, ...edges, ...errors, ...regexQueries]) all.push({ q });
  all.push({ q: 'sort(demo_memory_bytes)', ordered: true }, { q: 'sort_desc(demo_temperature_celsius)', ordered: true },
    { q: 'sort(rate(demo_requests_total[5m]))', ordered: true }, { q: 'sort_desc(demo_memory_bytes)', ordered: true },
    { q: 'sort(demo_temperature_celsius)', ordered: true }, { q: 'sort_desc(-demo_temperature_celsius)', ordered: true });
  return all;
}

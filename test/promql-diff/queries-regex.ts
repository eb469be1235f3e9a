/**
 * queries-regex: RE2 selector and label_replace cases for the differential corpus, over the
 * `demo_regex_probe{value=…}` series (dataset.ts). Prometheus compiles `^(?:re)$` with Go's regexp;
 * these are the places where JavaScript's RegExp disagreed or backtracked.
 */
export const regexQueries: readonly string[] = [
  'demo_regex_probe{value=~"(?i)PRO.*"}', 'demo_regex_probe{value=~"(?i:PRO)d.*"}', 'demo_regex_probe{value!~"(?i)prod.*"}',
  'demo_regex_probe{value=~"(a+)+"}', 'demo_regex_probe{value=~"(a|aa)+b"}', 'demo_regex_probe{value=~"(a*)*b"}',
  'demo_regex_probe{value=~"\\\\Qa.b\\\\E"}', 'demo_regex_probe{value=~"a.b"}', 'demo_regex_probe{value=~"[[:alpha:]]+"}',
  'demo_regex_probe{value=~"[[:^alpha:][:digit:]]+"}', 'demo_regex_probe{value=~"\\\\pL+"}', 'demo_regex_probe{value=~"\\\\p{Greek}\\\\d"}',
  'demo_regex_probe{value=~"\\\\PL.*"}', 'demo_regex_probe{value=~".*\\\\z"}', 'demo_regex_probe{value=~"\\\\Aprod"}',
  'demo_regex_probe{value=~"x\\\\sy"}', 'demo_regex_probe{value=~"\\\\w+"}', 'demo_regex_probe{value=~"[^a-z]+.*"}',
  'demo_regex_probe{value=~"web:\\\\d{2,4}"}', 'demo_regex_probe{value=~"a{,3}"}', 'demo_regex_probe{value=~"(?U)a+"}',
  'demo_regex_probe{value=~"^prod$"}', 'demo_regex_probe{value=~"prod|staging|axb"}', 'demo_regex_probe{value!~".+"}',
  'demo_regex_probe{value=~""}', 'demo_regex_probe{value=~".*", nope=~""}', 'demo_regex_probe{nope!~".+"}',
  'count(demo_regex_probe{value=~"(?i)(PRO|STA).*"})', 'demo_regex_probe{value=~"(?s:.)*"}', 'demo_regex_probe{value=~"a(?s).b"}',
  'demo_regex_probe{value=~"a\\nb"}', 'demo_regex_probe{value!~".*"}', 'demo_regex_probe{value=~"q\\"\\\\\\\\"}',
  'label_replace(demo_regex_probe, "host", "$h-${p}", "value", "(?P<h>[a-z]+):(?P<p>\\\\d+)")',
  'label_replace(demo_regex_probe, "first", "$1", "value", "(?i)(p)ro.*")',
  'label_replace(demo_regex_probe, "v", "$1$2", "value", "(a+)+(b)")',
  'label_replace(demo_regex_probe, "v", "${1}x", "value", "(\\\\pL)\\\\pL*")',
  // Rejected by Go's regexp: lookbehind, backreferences, bad repeats and classes.
  'demo_regex_probe{value=~"(?<=a)b"}', 'demo_regex_probe{value=~"(a)\\\\1"}', 'demo_regex_probe{value=~"a**"}',
  'demo_regex_probe{value=~"a{1001}"}', 'demo_regex_probe{value=~"[z-a]"}', 'demo_regex_probe{value=~"(?i"}',
  'label_replace(demo_regex_probe, "v", "$1", "value", "(")',
];

import { describe, expect, it } from 'vitest';
import { DaemonError } from '../core/errors.js';
import { decodeQueryResponse } from './response.js';

function failure(status: number, body: string): DaemonError {
  try {
    decodeQueryResponse(status, body);
  } catch (err) {
    if (DaemonError.is(err)) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('decodeQueryResponse', () => {
  it('reads vectors, scalars, matrices and strings with Prometheus value spellings', () => {
    const vec = decodeQueryResponse(
      200,
      '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"a"},"value":[1700000000.123,"1"]},{"metric":{},"value":[1700000000.123,"NaN"]},{"metric":{"x":"y"},"value":[1700000000.123,"-Inf"]}]}}',
    );
    expect(vec.type).toBe('vector');
    if (vec.type !== 'vector') return;
    expect(vec.samples[0]).toEqual({ labels: { __name__: 'up', job: 'a' }, v: 1 });
    expect(Number.isNaN(vec.samples[1]!.v)).toBe(true);
    expect(vec.samples[2]!.v).toBe(-Infinity);

    expect(decodeQueryResponse(200, '{"status":"success","data":{"resultType":"scalar","result":[1.1,"+Inf"]}}')).toEqual({ type: 'scalar', t: 1100, v: Infinity });
    expect(decodeQueryResponse(200, '{"status":"success","data":{"resultType":"string","result":[1,"hello"]}}')).toEqual({ type: 'string', value: 'hello' });
    const m = decodeQueryResponse(200, '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[10,"1"],[10.005,"2.5e3"]]}]}}');
    expect(m).toEqual({ type: 'matrix', series: [{ labels: { a: 'b' }, t: [10_000, 10_005], v: [1, 2500] }] });
  });

  it('keeps the server\'s own error text and tells retryable failures from bad queries', () => {
    const bad = failure(400, '{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"}');
    expect(bad.code).toBe('DATASOURCE_QUERY');
    expect(bad.retryable).toBe(false);
    expect(bad.message).toBe('datasource query failed (bad_data): 1:5: parse error: unexpected end of input');
    const exec = failure(422, '{"status":"error","errorType":"execution","error":"found duplicate series for the match group"}');
    expect(exec.code).toBe('DATASOURCE_QUERY');
    const timeout = failure(503, '{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}');
    expect(timeout.code).toBe('DATASOURCE_UNAVAILABLE');
    expect(timeout.retryable).toBe(true);
  });

  it('names what a proxy or a broken server sent instead of JSON', () => {
    const gw = failure(502, '<html><body><h1>502 Bad Gateway</h1></body></html>');
    expect(gw.code).toBe('DATASOURCE_UNAVAILABLE');
    expect(gw.retryable).toBe(true);
    expect(gw.message).toBe('datasource answered HTTP 502 with a body that is not JSON: <html><body><h1>502 Bad Gateway</h1></body></html>');
    expect(failure(404, '404 page not found').code).toBe('DATASOURCE_QUERY');
    expect(failure(200, '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"1"]}]}}').message).toContain('result[0]: label a is not a string');
    expect(failure(200, '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}}').message).toContain('sample value "abc" is not a number');
    expect(failure(200, '{"status":"success","data":{"resultType":"histogram","result":[]}}').message).toContain('unknown resultType "histogram"');
    expect(failure(200, '[]').message).toContain('"status" is undefined');
    expect(failure(500, '{"status":"success","data":{"resultType":"vector","result":[]}}').message).toContain('HTTP 500 with status "success"');
  });
});

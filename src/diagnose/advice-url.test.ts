import { describe, expect, it } from 'vitest';
import { readRecordingText } from './recording-file.js';
import { runDiagnoseRecording } from './recording.js';

describe('advice names the instance, not HOST', () => {
  it('the heap_leak advice points curl at the recorded instance', () => {
    const d = runDiagnoseRecording(readRecordingText('test/fixtures/diagnose/heap_leak/recording.om.gz'));
    const recs = d.findings.find((f) => f.verdict === 'heap_leak')!.recommendations.join('\n');
    expect(recs).toContain('curl -s http://127.0.0.1:19102/debug/pprof/heap > a.pb.gz');
    expect(recs).not.toContain('HOST');
  });
});

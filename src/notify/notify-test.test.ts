import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nopLogger } from '../core/log.js';
import { runNotifyTest } from './notify-test.js';
import { startFakeSlack, type FakeSlack } from './receivers/fake.js';
import type { WebhookMessage } from './receivers/webhook.js';

let slack: FakeSlack | undefined;
const closers: Array<() => void> = [];
afterEach(async () => {
  await slack?.close();
  for (const c of closers.splice(0)) c();
});

describe('runNotifyTest', () => {
  it('sends the sample through every integration and reports each outcome', async () => {
    slack = await startFakeSlack();
    const hooks: WebhookMessage[] = [];
    const server = createServer((req, res) => {
      let d = '';
      req.on('data', (c: Buffer) => (d += c.toString()));
      req.on('end', () => {
        hooks.push(JSON.parse(d) as WebhookMessage);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => server.close());
    const port = (server.address() as AddressInfo).port;
    slack.script('chat.postMessage', { error: 'channel_not_found' });
    const results = await runNotifyTest(
      {
        receivers: [
          {
            name: 'team',
            slack_configs: [{ token: 'xoxb-1', channel: '#a' }, { token: 'xoxb-2', channel: '#b' }],
            webhook_configs: [{ url: `http://127.0.0.1:${port}/hook` }],
          },
        ],
      },
      'team',
      { log: nopLogger, at: Date.parse('2026-11-22T00:00:00Z'), slackApiUrl: slack.apiUrl },
    );
    expect(results).toEqual([
      { integration: 'slack[0]', ok: false, error: 'slack chat.postMessage: channel_not_found', retryable: false },
      { integration: 'slack[1]', ok: true },
      { integration: 'webhook[2]', ok: true },
    ]);
    expect(hooks[0]!.commonLabels.diagnosis).toBe('heap_leak');
    await slack.waitFor('files.completeUploadExternal', 1);
    await expect(runNotifyTest({ receivers: [] }, 'nope', { log: nopLogger, at: 0 })).rejects.toThrow(/no receiver named "nope"/);
  });
});

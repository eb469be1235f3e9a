/**
 * lazy: the delivery libraries (@slack/web-api with its HTTP client, nodemailer, resvg for chart
 * PNGs) load on the first notification that needs them, not at start. Together they are ~28 MiB of
 * resident memory that a daemon with no Slack or email receiver, or one that has not paged yet,
 * never uses; an agent that runs beside every service pays that on every host. All three are
 * CommonJS packages, so a synchronous require keeps the call sites unchanged.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type SlackApi = typeof import('@slack/web-api');
type Nodemailer = typeof import('nodemailer');
type ResvgApi = typeof import('@resvg/resvg-js');

let slack: SlackApi | undefined;
let mailer: Nodemailer | undefined;
let resvg: ResvgApi | undefined;

/** slackApi is @slack/web-api, loaded on first use. */
export function slackApi(): SlackApi {
  return (slack ??= require('@slack/web-api') as SlackApi);
}

/** nodemailerApi is nodemailer, loaded on first use. */
export function nodemailerApi(): Nodemailer {
  return (mailer ??= require('nodemailer') as Nodemailer);
}

/** resvgApi is @resvg/resvg-js, loaded on the first chart rendered to PNG. */
export function resvgApi(): ResvgApi {
  return (resvg ??= require('@resvg/resvg-js') as ResvgApi);
}

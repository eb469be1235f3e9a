/**
 * escape: making label values safe where they are shown. Slack mrkdwn treats `&`, `<`, `>` as
 * control characters (escaped as entities per Slack's docs), `<!channel>`/`<!here>` as mass
 * mentions and `*_~\`` as formatting; HTML needs the usual five entities. Label values come from
 * scraped targets, so they are untrusted input.
 */

const ZWSP = '\u200B';

/** escapeSlack escapes a value for Slack mrkdwn and defuses mentions and formatting marks. */
export function escapeSlack(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // A zero-width space after `@` stops @here/@channel/@everyone from being linked as mentions.
      .replace(/@(here|channel|everyone)\b/gi, `@${ZWSP}$1`)
      // ...and next to a formatting mark it stops Slack pairing `*x*`, `_x_`, `~x~`, `` `x` ``.
      .replace(/([*_~`])/g, `${ZWSP}$1${ZWSP}`)
  );
}

/**
 * escapeSlackCode escapes text that may hold commands in `code spans`: outside the spans as
 * escapeSlack; inside them only `&`, `<` and `>` (which Slack needs as entities everywhere), with
 * no zero-width spaces, because Slack applies no formatting in a code span and a command pasted
 * from it must run as written. An unpaired backtick is escaped like any other formatting mark.
 */
export function escapeSlackCode(s: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = s.indexOf('`', from);
    const close = open < 0 ? -1 : s.indexOf('`', open + 1);
    if (close < 0) return out + escapeSlack(s.slice(from));
    const code = s.slice(open + 1, close);
    out += escapeSlack(s.slice(from, open)) + (code === '' ? escapeSlack('``') : '`' + code.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') + '`');
    from = close + 1;
  }
}

/** escapeSlackPlain is for plain_text Block Kit fields: no mrkdwn parsing there, but mentions still ping in some clients. */
export function escapeSlackPlain(s: string): string {
  return s.replace(/<!/g, `<${ZWSP}!`).replace(/@(here|channel|everyone)\b/gi, `@${ZWSP}$1`);
}

/** escapeHtml escapes the five HTML-significant characters. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** escapeHeader strips CR/LF so a value cannot inject mail headers through the subject. */
export function escapeHeader(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

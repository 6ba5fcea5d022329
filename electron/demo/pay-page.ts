/**
 * The demo's customer-facing pages: the hosted payment page behind a
 * payment_url (/connect/{session}/) and a fake bank page for KBC/CBC/INGHOME
 * direct orders (/bank/{session}). Plain HTML forms, no JavaScript at all,
 * styles from one same-origin stylesheet, and a CSP that allows nothing else.
 */
import { formatMoney } from '@shared/money';
import { maskIban } from './orders';
import { applyAction, awaitsCustomer, stepAt, type CustomerAction, type DemoOrder } from './order-lifecycle';

export const PAGE_CSP = "default-src 'none'; style-src 'self'; form-action 'self'";
const CSS_PATH = '/connect/assets/pay.css';

export interface PageReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface PageStore {
  bySession(sessionId: string): DemoOrder | undefined;
}

type Skin = 'connect' | 'bank';

const PAY_CSS = `
:root { color-scheme: light; font-family: system-ui, sans-serif; }
body { margin: 0; background: #f3f5f8; color: #1d2433; }
main { max-width: 28rem; margin: 3rem auto; background: #fff; border-radius: 8px; padding: 2rem;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .12); }
header { font-size: .85rem; color: #5b6477; text-transform: uppercase; letter-spacing: .05em; }
h1 { font-size: 1.4rem; margin: .5rem 0 1.5rem; overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .5rem 1rem; margin: 0 0 1.5rem; }
dt { color: #5b6477; }
dd { margin: 0; overflow-wrap: anywhere; }
.amount { font-size: 1.6rem; font-weight: 600; }
.actions { display: flex; gap: .5rem; flex-wrap: wrap; }
.actions form { margin: 0; }
button { font: inherit; padding: .6rem 1.2rem; border-radius: 6px; border: 1px solid #c5cbd6; background: #fff;
  cursor: pointer; }
button.pay { background: #1a7f37; border-color: #1a7f37; color: #fff; }
.outcome { padding: 1rem; border-radius: 6px; background: #eef1f6; }
.outcome.completed { background: #e6f4ea; }
.outcome.void, .outcome.cancelled, .outcome.declined, .outcome.expired { background: #fbeaea; }
.demo { margin-top: 2rem; font-size: .8rem; color: #5b6477; }
body.bank { background: #0b3d6b; }
body.bank header { color: #0b3d6b; font-weight: 600; }
`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `?lang=nl_NL` as given by the payment_url; anything unexpected falls back to English. */
function readLang(value: string | null): string {
  return value !== null && /^[a-z]{2}_[A-Z]{2}$/.test(value) ? value : 'en_US';
}

const OUTCOMES: Record<string, string> = {
  completed: 'Payment received. Thank you!',
  void: 'The payment was cancelled.',
  cancelled: 'The payment was cancelled.',
  expired: 'This payment request has expired.',
  declined: 'The payment was declined.',
  uncleared: 'The payment is being processed.',
};

/** Where "back to the shop" goes: the merchant's redirect or cancel URL, if it is a web address. */
function returnUrl(order: DemoOrder, status: string): string | null {
  const { redirectUrl, cancelUrl, orderId } = order.request;
  const target = status === 'completed' || status === 'uncleared' ? redirectUrl : (cancelUrl ?? redirectUrl);
  const url = target === null ? null : URL.parse(target);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  url.searchParams.set('transactionid', orderId);
  return url.href;
}

function renderPage(order: DemoOrder, skin: Skin, lang: string, now: number): string {
  const { request } = order;
  const status = stepAt(order, now).status;
  const base = `/${skin}/${order.sessionId}`;
  const title = skin === 'bank' ? `${request.method?.name ?? 'Your bank'}: confirm payment` : 'Payment';
  const languageTag = lang.replace('_', '-');
  const amount = formatMoney(request.amount, request.currency, languageTag);
  const rows = [
    `<dt>Amount</dt><dd class="amount">${escapeHtml(amount)}</dd>`,
    `<dt>Order</dt><dd>${escapeHtml(request.orderId)}</dd>`,
  ];
  if (request.method) rows.push(`<dt>Method</dt><dd>${escapeHtml(request.method.name)}</dd>`);
  if (request.mandate) rows.push(`<dt>Account</dt><dd>${escapeHtml(maskIban(request.mandate.iban))}</dd>`);

  let body: string;
  if (awaitsCustomer(order, now)) {
    const button = (action: CustomerAction, label: string) =>
      `<form method="post" action="${base}/${action}?lang=${lang}">` +
      `<button type="submit" class="${action}">${label}</button></form>`;
    const buttons = button('pay', 'Pay') + button('cancel', 'Cancel') + button('expire', 'Let it expire');
    body = `<div class="actions">${buttons}</div>`;
  } else {
    const text = request.mandate && status === 'initialized'
      ? 'This SEPA Direct Debit is collected from the account; there is nothing to do here.'
      : (OUTCOMES[status] ?? `Status: ${status}`);
    const back = returnUrl(order, status);
    body =
      `<p class="outcome ${escapeHtml(status)}">${escapeHtml(text)}</p>` +
      (back ? `<p><a href="${escapeHtml(back)}">Back to the shop</a></p>` : '');
  }

  return `<!doctype html>
<html lang="${languageTag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${CSS_PATH}">
</head>
<body class="${skin}">
<main>
<header>${escapeHtml(title)}</header>
<h1>${escapeHtml(request.description)}</h1>
<dl>
${rows.join('\n')}
</dl>
${body}
<p class="demo">Demo environment: no money moves.</p>
</main>
</body>
</html>
`;
}

const htmlHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const notFound = (): PageReply => ({
  status: 404,
  headers: htmlHeaders,
  body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>' +
    '<body><p>This payment request does not exist.</p></body></html>',
});

const PAGE_PATH = /^\/(connect|bank)\/([A-Za-z0-9]+)(?:\/(pay|cancel|expire)?)?$/;

/** Serve a page request, or null when the path is not one of ours. */
export function servePage(method: string, url: URL, store: PageStore, now: number): PageReply | null {
  if (url.pathname === CSS_PATH) {
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { allow: 'GET' }, body: '' };
    const headers = { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-store' };
    return { status: 200, headers, body: PAY_CSS };
  }
  const match = PAGE_PATH.exec(url.pathname);
  if (!match) return null;
  const skin = match[1] as Skin;
  const action = match[3] as CustomerAction | undefined;
  const order = store.bySession(match[2]!);
  if (!order) return notFound();
  const locale = order.request.customer.locale;
  const lang = readLang(url.searchParams.get('lang') ?? (typeof locale === 'string' ? locale : null));

  if (action === undefined) {
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { allow: 'GET' }, body: '' };
    return { status: 200, headers: htmlHeaders, body: renderPage(order, skin, lang, now) };
  }
  if (method !== 'POST') return { status: 405, headers: { allow: 'POST' }, body: '' };
  // Too late (already final) is not an error: the page we send them to shows what happened.
  applyAction(order, action, now);
  const page = skin === 'bank' ? `/bank/${order.sessionId}` : `/connect/${order.sessionId}/`;
  return { status: 303, headers: { location: `${page}?lang=${lang}`, 'cache-control': 'no-store' }, body: '' };
}

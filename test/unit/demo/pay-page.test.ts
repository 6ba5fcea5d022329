import { describe, expect, it } from 'vitest';
import type { DemoServer } from '../../../electron/demo/server';
import { call, DAY, demo, directDebit, manualClock, paymentLink } from './support';

const CSP = "default-src 'none'; style-src 'self'; form-action 'self'";

async function createLink(server: DemoServer, overrides: Record<string, unknown> = {}) {
  const body = paymentLink(overrides);
  const answer = await call(server, 'POST', '/orders', body);
  return { orderId: String(body.order_id), paymentUrl: String(answer.json.data.payment_url) };
}

async function page(url: string) {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** Press a button the way the browser's form would. */
async function press(server: DemoServer, paymentUrl: string, action: 'pay' | 'cancel' | 'expire') {
  const { pathname, search } = new URL(paymentUrl);
  const base = pathname.replace(/\/$/, '');
  return fetch(`${server.url}${base}/${action}${search}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
    redirect: 'manual',
  });
}

async function statusOf(server: DemoServer, orderId: string) {
  const data = (await call(server, 'GET', `/orders/${encodeURIComponent(orderId)}`)).json.data;
  return `${data.status}/${data.financial_status}`;
}

describe('demo payment page', () => {
  it('shows description, amount and order id with three buttons, no script, strict CSP', async () => {
    const server = await demo();
    const { orderId, paymentUrl } = await createLink(server, { amount: 123456, description: 'Phone order 77' });
    const { status, headers, html } = await page(paymentUrl);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(headers.get('content-security-policy')).toBe(CSP);
    expect(html).toContain('Phone order 77');
    expect(html).toContain('€1,234.56');
    expect(html).toContain(orderId);
    for (const action of ['pay', 'cancel', 'expire']) {
      expect(html).toMatch(new RegExp(`<form method="post" action="/connect/[A-Za-z0-9]+/${action}\\?lang=en_US">`));
    }
    expect(html).toContain('>Pay<');
    expect(html).toContain('>Cancel<');
    expect(html).toContain('>Let it expire<');
    expect(html).not.toMatch(/<script|javascript:|\son[a-z]+=|style=/i);
    expect(html).toContain('<link rel="stylesheet" href="/connect/assets/pay.css">');

    const css = await fetch(`${server.url}/connect/assets/pay.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('button');
  });

  it('uses ?lang for the page language and amount format', async () => {
    const server = await demo();
    const { paymentUrl } = await createLink(server, { customer: { locale: 'nl_NL' } });
    const { html } = await page(paymentUrl);
    expect(html).toContain('<html lang="nl-NL">');
    expect(html).toMatch(/€\s10,00/);
  });

  it('HTML-escapes every echoed value', async () => {
    const server = await demo();
    const evil = `<script>alert("x")</script> & <img src=x onerror=alert(1)> 'q'`;
    const { paymentUrl } = await createLink(server, { description: evil, order_id: '<b>id</b>&"' });
    const { html } = await page(paymentUrl);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>id');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#60;img src=x onerror=alert(1)&#62; &#39;q&#39;');
    expect(html).toContain('&#60;b&#62;id&#60;/b&#62;&#38;&#34;');
  });

  it('Pay completes the order and shows the result instead of buttons', async () => {
    const server = await demo();
    const { orderId, paymentUrl } = await createLink(server, {
      payment_options: { redirect_url: 'https://shop.example/back?x=1&y=2' },
    });
    const response = await press(server, paymentUrl, 'pay');
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(new URL(location, server.url).href).toBe(paymentUrl);

    expect(await statusOf(server, orderId)).toBe('completed/completed');
    const { html } = await page(paymentUrl);
    expect(html).toContain('Payment received');
    expect(html).not.toContain('<form');
    expect(html).toContain(`href="https://shop.example/back?x=1&#38;y=2&#38;transactionid=${orderId}"`);
    const data = (await call(server, 'GET', `/orders/${orderId}`)).json.data;
    expect(data.completed).toBe(data.modified);
  });

  it('Cancel voids the order (financial cancelled); Let it expire expires it', async () => {
    const server = await demo();
    const cancelled = await createLink(server);
    await press(server, cancelled.paymentUrl, 'cancel');
    expect(await statusOf(server, cancelled.orderId)).toBe('void/cancelled');
    expect((await page(cancelled.paymentUrl)).html).toContain('The payment was cancelled.');

    const expired = await createLink(server);
    await press(server, expired.paymentUrl, 'expire');
    expect(await statusOf(server, expired.orderId)).toBe('expired/expired');
    expect((await page(expired.paymentUrl)).html).toContain('has expired');
  });

  it('leaves a final order alone: no second payment, no cancel after paying', async () => {
    const clock = manualClock();
    const server = await demo({ clock });
    const paid = await createLink(server);
    await press(server, paid.paymentUrl, 'pay');
    const again = await press(server, paid.paymentUrl, 'cancel');
    expect(again.status).toBe(303);
    expect(await statusOf(server, paid.orderId)).toBe('completed/completed');
    clock.advance(31 * DAY); // paid links do not expire
    expect(await statusOf(server, paid.orderId)).toBe('completed/completed');

    const late = await createLink(server, { seconds_active: 60 });
    clock.advance(60_000);
    expect((await page(late.paymentUrl)).html).not.toContain('<form');
    await press(server, late.paymentUrl, 'pay');
    expect(await statusOf(server, late.orderId)).toBe('expired/expired');
  });

  it('serves a fake bank page for KBC direct orders', async () => {
    const server = await demo();
    const body = paymentLink({ type: 'direct', gateway: 'KBC', customer: { locale: 'nl_BE' } });
    const paymentUrl = String((await call(server, 'POST', '/orders', body)).json.data.payment_url);
    const { status, headers, html } = await page(paymentUrl);
    expect(status).toBe(200);
    expect(headers.get('content-security-policy')).toBe(CSP);
    expect(html).toContain('KBC: confirm payment');
    expect(html).toContain('<body class="bank">');
    expect(html).toContain('action="/bank/');
    const response = await press(server, paymentUrl, 'pay');
    expect(response.status).toBe(303);
    expect(await statusOf(server, String(body.order_id))).toBe('completed/completed');
  });

  it('offers no buttons for a direct debit (the bank collects it)', async () => {
    const server = await demo();
    const body = directDebit();
    const paymentUrl = String((await call(server, 'POST', '/orders', body)).json.data.payment_url);
    const { html } = await page(paymentUrl);
    expect(html).not.toContain('<form');
    expect(html).toContain('*** 4300');
    await press(server, paymentUrl, 'pay');
    expect(await statusOf(server, String(body.order_id))).toBe('initialized/initialized');
  });

  it('answers unknown sessions with 404 and wrong methods with 405, and records no page requests', async () => {
    const server = await demo();
    const { paymentUrl } = await createLink(server);
    expect((await page(`${server.url}/connect/doesnotexist123/`)).status).toBe(404);
    expect((await page(`${server.url}/bank/doesnotexist123`)).status).toBe(404);
    expect((await fetch(paymentUrl, { method: 'POST' })).status).toBe(405);
    const { pathname } = new URL(paymentUrl);
    expect((await fetch(`${server.url}${pathname}pay`)).status).toBe(405);
    expect((await page(`${server.url}/elsewhere`)).status).toBe(404);
    expect(server.received.map((r) => r.path)).toEqual(['/orders']);
  });
});

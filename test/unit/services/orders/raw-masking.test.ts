// The raw request/response views never show a full IBAN: seeing one is a reveal, and reveals are audited.
import { afterEach, describe, expect, it } from 'vitest';
import { startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

let rig: Rig;
afterEach(async () => rig?.close());

const IBAN = 'NL91ABNA0417164300';

describe('orders.get raw bodies', () => {
  it('mask the IBAN byte-exactly otherwise, and privacy.revealIban shows it with an audit row', async () => {
    rig = await startRig();
    const order = await rig.value('orders.create', {
      type: 'direct',
      gateway: 'DIRDEB',
      amount: 2500,
      currency: 'EUR',
      description: 'Membership July',
      mandate: { iban: IBAN, holderName: 'Jan de Vries', emandate: 'M-2026-1' },
    } as never);
    expect(order.state).toBe('created');
    // The demo server did receive the full IBAN (it is what the debit needs).
    expect(rig.demo.received.at(-1)!.body).toContain(IBAN);

    const detail = await rig.value('orders.get', order.key);
    const raw = detail.exchanges.map((e) => `${e.requestBody}\n${e.responseBody}`).join('\n');
    expect(raw).not.toContain(IBAN);
    expect(raw).toContain('NL91 **** **** **** 4300');
    expect(raw).toContain(order.orderId);
    expect(JSON.parse(detail.exchanges[0]!.requestBody!).amount).toBe(2500);

    const revealed = await rig.value('privacy.revealIban', order.key);
    expect(revealed.iban.replace(/\s/g, '')).toBe(IBAN);
    const audit = await rig.value('audit.list', {});
    expect(audit.items.some((e) => e.action === 'iban.reveal' && e.orderId === order.orderId)).toBe(true);
  });
});

// Restore is no silent rollback: before it is chosen main shows what it would undo and asks the
// operator in its own dialog; after it, the audit rows written since the backup are still there,
// followed by a row naming the backup and the chain head it replaced, and the chain verifies.
import { afterEach, describe, expect, it } from 'vitest';
import { paymentLink, startRig } from '../../../support/services';
import type { Rig } from '../../../support/services';

let rig: Rig;
afterEach(async () => rig?.close());

describe('restoring a backup', () => {
  it('shows what it undoes, asks in main, and carries the audit trail over', async () => {
    rig = await startRig({ services: { backupCheckEveryMs: 0 } });
    rig.dialogs.restoreAnswer = false;
    const asked = rig.dialogs.restoreQuestions;
    await rig.value('orders.create', paymentLink({ description: 'Before' }));
    await rig.value('settings.setOperator', { name: 'Anna' });
    const backup = (await rig.value('backups.create', {})).items[0]!;
    expect(backup.kind).toBe('manual');

    // Changes since the backup: an order, another operator, a lower cap.
    const later = await rig.value('orders.create', paymentLink({ description: 'After' }));
    await rig.value('settings.setOperator', { name: 'Bob' });
    await rig.value('settings.setOrderCap', { minor: 5000 });

    const preview = await rig.value('backups.restorePreview', { name: backup.name });
    expect(preview).toMatchObject({ name: backup.name, ordersAdded: 1, ordersInBackup: 1, ordersNow: 2 });
    expect(preview.settingsChanged).toEqual(['accounts.operator', 'entry.orderCapMinor']);
    expect(preview.auditRowsCarried).toBeGreaterThanOrEqual(3);

    // The window cannot choose a restore by itself: main asks, and "no" is no.
    const refused = await rig.call('backups.restore', { name: backup.name });
    expect(refused.ok ? 'chosen' : refused.error.code).toBe('CONFLICT');
    expect((await rig.value('backups.list', {})).pendingRestore).toBeNull();
    expect(asked).toEqual([preview]);

    rig.dialogs.restoreAnswer = true;
    expect((await rig.value('backups.restore', { name: backup.name })).pendingRestore).toBe(backup.name);
    const before = await rig.value('audit.verify', {});
    // The rows after the backup's head: those counted by the preview, and the restore request.
    const since = (await rig.value('audit.list', { limit: 100 })).items.filter((i) => i.id > before.count - (preview.auditRowsCarried + 1));
    expect(since.length).toBe(preview.auditRowsCarried + 1);
    await rig.restart();

    expect((await rig.value('app.info', {})).storage).toMatchObject({ restoredFrom: backup.name, problem: null });
    expect((await rig.value('history.search', {})).items.map((o) => o.orderId)).not.toContain(later.orderId);
    const after = await rig.value('audit.verify', {});
    expect(after).toMatchObject({ ok: true, count: before.count + 1 });
    const audit = (await rig.value('audit.list', { limit: 100 })).items;
    expect(audit[0]).toMatchObject({
      action: 'backup.restored',
      operator: 'Bob',
      details: { from: backup.name, replacedHead: before.headHash, carried: preview.auditRowsCarried + 1 },
    });
    // Every row written since the backup (the restore request included) is still there.
    for (const row of since) expect(audit.map((a) => a.id)).toContain(row.id);
    expect(audit.some((a) => a.action === 'operator.change' && a.details.to === 'Bob')).toBe(true);
  });
});

// Child process of the restore crash test: one start of the console's storage as the factory
// does it (a pending restore applied, then the history opened), killed at a random point.
// Prints "START" before the restore begins and "DONE <orders>" when the history is open.
import { join } from 'node:path';
import { memorySecretStore } from '../../electron/services/accounts/secrets';
import { openHistory } from '../../electron/services/storage/db';
import { createBackupSeal } from '../../electron/services/storage/backup-seal';
import { applyPendingRestore } from '../../electron/services/storage/restore';

const [dataDir] = process.argv.slice(2) as [string];
const seal = createBackupSeal(dataDir, memorySecretStore());
process.stdout.write('START\n');
const databaseFile = join(dataDir, 'console.sqlite3');
applyPendingRestore({ dataDir, databaseFile, backupDir: join(dataDir, 'backups'), seal, now: Date.now() });
const { db } = openHistory(databaseFile);
const { n } = db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number };
db.close();
process.stdout.write(`DONE ${n}\n`);

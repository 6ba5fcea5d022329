// Child process of the damage-marker crash test: records the marker over and over (over an
// earlier one, or after clearing it), with a large detail so a kill can land inside a write.
// Prints "START" before the loop; killed at random.
import { clearDamage, recordDamage } from '../../electron/services/storage/damaged';

const [databaseFile, bytes] = process.argv.slice(2) as [string, string];
const detail = 'x'.repeat(Number(bytes));
process.stdout.write('START\n');
for (let i = 0; ; i++) {
  recordDamage(databaseFile, `${i}:${detail}`, Date.now());
  if (i % 2 === 1) clearDamage(databaseFile);
}

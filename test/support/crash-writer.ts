// Child process of the crash test: creates payment links through the real services,
// printing "ACK <order_id>" only after the handler has answered `created`. Killed at random.
import { createServices } from '../../electron/services/index';
import { memorySecretStore } from '../../electron/services/accounts/secrets';

const [dataDir, demoApiBase] = process.argv.slice(2) as [string, string];
const quiet = { info() {}, warn() {}, error() {} };
const services = await createServices({
  dataDir,
  secrets: memorySecretStore(),
  baseUrls: { demo: demoApiBase },
  log: quiet,
  operator: 'crash-test',
});
const create = services.handlers['orders.create'];
const sender = { url: 'app://console/index.html', isMainFrame: true };
process.stdout.write('READY\n');
for (let i = 0; ; i++) {
  const result = await create({ type: 'paymentlink', amount: 100 + i, currency: 'EUR', description: `Crash ${i}` }, sender);
  if (result.ok && result.value.state === 'created') process.stdout.write(`ACK ${result.value.orderId}\n`);
}

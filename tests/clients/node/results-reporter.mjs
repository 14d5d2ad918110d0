// node:test reporter: writes the outcome of each top-level test, named after its
// scenario, to $APOGEE_RESULTS as JSON: pass | fail | unsupported (a test skipped with a reason
// starting "unsupported by client"). Other skips (e.g. --test-name-pattern) are left out.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SCENARIOS = new Set([
  'normal', 'fifo', 'delay', 'transaction', 'transaction_check', 'simple_consumer', 'push_consumer', 'tls', 'auth',
]);

export default async function* resultsReporter(source) {
  const scenarios = {};
  const details = {};
  // Rewritten after every test (synchronously): --test-force-exit ends the
  // runner before a reporter's final output would be flushed.
  const write = () => process.env.APOGEE_RESULTS && writeFileSync(process.env.APOGEE_RESULTS, JSON.stringify({
    client: 'node',
    library: 'rocketmq-client-nodejs',
    version: require('rocketmq-client-nodejs/package.json').version,
    scenarios,
    details,
  }, null, 2) + '\n');
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, nesting, skip, details: info } = event.data;
    if (nesting !== 0 || !SCENARIOS.has(name)) continue;
    if (event.type === 'test:fail') {
      scenarios[name] = 'fail';
      details[name] = String(info?.error?.cause ?? info?.error ?? 'failed');
    } else if (typeof skip === 'string' && skip.startsWith('unsupported by client')) {
      scenarios[name] = 'unsupported';
      details[name] = skip;
    } else if (skip === undefined || skip === false) {
      scenarios[name] = 'pass';
    }
    write();
  }
  write(); // also when no scenario ran
}

/**
 * The one zod every module uses. zod 4 probes `new Function('')` when the first
 * object schema is built and compiles parsers with it; under the window's CSP (no
 * 'unsafe-eval') that is a violation, and the sandboxed preload bundles these
 * schemas too. So JIT is off before any schema exists, wherever this is loaded.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };

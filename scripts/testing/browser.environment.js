// Browser suites: when a test or hook fails, the failure also says where each open page was and
// what it showed. A step that timed out on CI ("waiting for getByRole('button')…") otherwise
// leaves no trace of the page it was waiting on. Pages register themselves in openPage
// (apps/web/test/spa-world.ts).
const NativeEsmEnvironment = require('./native-esm.environment');

const SHOWN_CHARS = 2_000;
const LOOK_MS = 10_000;

class BrowserEnvironment extends NativeEsmEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__lbOpenPages = new Set();
  }

  async handleTestEvent(event) {
    if (event.name !== 'test_fn_failure' && event.name !== 'hook_failure') return;
    const error = event.error;
    if (!error || typeof error !== 'object') return;
    const seen = [];
    for (const page of this.global.__lbOpenPages) {
      if (page.isClosed()) continue;
      seen.push(await describe(page));
    }
    if (seen.length === 0) return;
    const note = `\n\nOpen pages when this failed:\n${seen.join('\n')}`;
    error.message = `${error.message}${note}`;
    if (typeof error.stack === 'string') error.stack = `${error.stack}${note}`;
  }
}

async function describe(page) {
  const text = await Promise.race([
    // eslint-disable-next-line no-undef -- runs in the page
    page.evaluate(() => document.body?.innerText ?? '').catch((e) => `(the page could not be read: ${e.message})`),
    new Promise((done) => setTimeout(() => done(`(the page did not answer within ${LOOK_MS} ms)`), LOOK_MS).unref()),
  ]);
  const shown = String(text)
    .replace(/\n{2,}/g, '\n')
    .slice(0, SHOWN_CHARS);
  return `— ${page.url()}\n${shown}`;
}

module.exports = BrowserEnvironment;

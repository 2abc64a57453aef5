// Typing cost in the card frame: headless Chromium with a 4x CPU slowdown
// (CDP Emulation.setCPUThrottlingRate), a person's typing pace, and for each
// key the time from the keydown event to the frame after the page's update
// (keydown -> requestAnimationFrame -> next task: the next paint), plus the
// longest task (PerformanceObserver 'longtask') and the longest event
// (Event Timing, >= 16 ms) while typing.
// Usage: node typing.js URL OUT.json   (PLAYWRIGHT_CORE: path of playwright-core)
'use strict';
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

const [url, out] = process.argv.slice(2);
// Each round types all three fields (26 keys): 4 rounds make a p99 of ~100 keys.
const ROUNDS = 4;
const fs = require('fs');

function luhn(base) {
  let sum = 0;
  for (let i = 0; i < base.length; i++) {
    let d = Number(base[base.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return base + String((10 - (sum % 10)) % 10);
}

function instrument() {
  const bench = { keys: [], longtasks: [], events: [], recording: false };
  window.__bench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (_) { /* not supported */ }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.events.push({ name: e.name, start: e.startTime, duration: e.duration });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch (_) { /* not supported */ }
  document.addEventListener('keydown', (ev) => {
    if (!bench.recording) return;
    const t0 = ev.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => bench.keys.push(performance.now() - t0);
      channel.port2.postMessage(0);
    });
  }, true);
}

async function field(frame, autocomplete, index) {
  const exact = frame.locator(`input[autocomplete="${autocomplete}"]`);
  if (await exact.count() > 0) return exact.first();
  const all = frame.locator('input:not([type=hidden]):not([type=checkbox]):not([type=radio])');
  if (await all.count() > index) return all.nth(index);
  return null;
}

function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.addInitScript(instrument);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    // The card frame is the host page's iframe (or the page itself).
    const iframe = await page.$('iframe');
    const frame = iframe ? await iframe.contentFrame() : page.mainFrame();
    if (!frame) throw new Error('the host page has no reachable card frame');
    try {
      // An out-of-process frame has its own renderer to slow down.
      const session = await context.newCDPSession(frame);
      await session.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    } catch (_) { /* same process as the page: already slowed down */ }
    try {
      await frame.waitForSelector('input', { timeout: 30000 });
    } catch (err) {
      const text = await frame.evaluate(() => document.body && document.body.innerText).catch(() => '');
      throw new Error(`no input in the card frame: ${String(text).slice(0, 200)}`);
    }
    await page.waitForTimeout(500);
    const entries = [
      ['number', 'cc-number', 0, luhn('601100000000000000')],
      ['expiry', 'cc-exp', 1, '1234'],
      ['code', 'cc-csc', 2, '123'],
    ];
    const typed = {};
    const since = await frame.evaluate(() => { window.__bench.keys = []; return performance.now(); });
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, autocomplete, index, text] of entries) {
        const input = await field(frame, autocomplete, index);
        if (!input) { typed[name] = null; continue; }
        await input.click();
        if (round > 0) {
          await page.keyboard.press('End');
          for (let i = 0; i < 30; i++) await page.keyboard.press('Backspace');
        }
        await frame.evaluate(() => { window.__bench.recording = true; });
        await page.keyboard.type(text, { delay: 80 });
        await page.waitForTimeout(200);
        await frame.evaluate(() => { window.__bench.recording = false; });
        typed[name] = { typed: text, shown: await input.inputValue() };
      }
    }
    await page.waitForTimeout(500);
    const raw = await frame.evaluate((t) => ({
      keys: window.__bench.keys,
      longtasks: window.__bench.longtasks.filter((e) => e.start >= t),
      events: window.__bench.events.filter((e) => e.start >= t),
    }), since);
    const keys = raw.keys.slice().sort((a, b) => a - b);
    const result = {
      url,
      cpu_slowdown: 4,
      rounds: ROUNDS,
      keys: keys.length,
      key_to_paint_p50_ms: quantile(keys, 0.5),
      key_to_paint_p99_ms: quantile(keys, 0.99),
      key_to_paint_max_ms: keys.length ? keys[keys.length - 1] : null,
      longest_task_ms: raw.longtasks.reduce((m, e) => Math.max(m, e.duration), 0),
      long_tasks: raw.longtasks.length,
      longest_event_ms: raw.events.reduce((m, e) => Math.max(m, e.duration), 0),
      fields: typed,
    };
    fs.writeFileSync(out, JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
  }
})().catch((err) => {
  console.error(String(err && err.stack || err));
  process.exit(1);
});

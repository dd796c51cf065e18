// Open every page of the built dashboard in headless Chromium and check it:
// no Evidence error panel, no console error, every chart drew marks, every
// table has rows, and the numbers given in EXPECT appear on their page.
// Prints "ok"/"not ok" lines; screenshots go to ARTIFACTS.
//
//   node check.mjs BUILD_DIR ARTIFACTS EXPECT_JSON
//
// playwright-core comes from the dashboard's node_modules (BUILD_DIR/..).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [buildArg, artifacts, expectFile] = process.argv.slice(2);
const buildDir = path.resolve(buildArg);
const { chromium } = createRequire(path.resolve(buildDir, '..', 'package.json'))('playwright-core');
const expect = JSON.parse(fs.readFileSync(expectFile, 'utf8'));
const pages = ['/', '/attainment', '/leaderboard', '/engagement', '/forecast', '/payouts'];
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
	'.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png', '.parquet': 'application/octet-stream' };

// the static site on loopback, a port the system picks
const server = http.createServer((req, res) => {
	let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
	let f = path.join(buildDir, p);
	if (fs.existsSync(f) && fs.statSync(f).isDirectory()) f = path.join(f, 'index.html');
	else if (!fs.existsSync(f) && fs.existsSync(f + '.html')) f += '.html';
	if (!f.startsWith(path.resolve(buildDir)) || !fs.existsSync(f)) { res.writeHead(404); res.end(); return; }
	res.writeHead(200, { 'content-type': types[path.extname(f)] ?? 'application/octet-stream' });
	fs.createReadStream(f).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

let passed = 0, failed = 0;
const check = (ok, what, detail = '') => {
	if (ok) passed++; else failed++;
	console.log(`${ok ? 'ok' : 'not ok'} - ${what}${ok || !detail ? '' : ': ' + detail}`);
};

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-dev-shm-usage']
});
try {
	for (const p of pages) {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		const errors = [];
		page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
		page.on('pageerror', (e) => errors.push(String(e)));
		// nothing outside loopback: a request elsewhere is an error
		await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => { errors.push('blocked ' + route.request().url()); route.abort(); });
		await page.goto(base + p, { waitUntil: 'networkidle', timeout: 120000 });
		// charts draw after their data loads in the browser (DuckDB-Wasm)
		await page.waitForFunction(() => {
			const charts = [...document.querySelectorAll('.chart, [data-testid="echarts"], .echarts')];
			return !document.querySelector('[class*="animate-pulse"], .skeleton') ||
				charts.every((c) => c.querySelector('canvas, svg'));
		}, null, { timeout: 60000 }).catch(() => {});
		await page.waitForTimeout(2000);
		const name = p === '/' ? 'index' : p.slice(1);
		await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true, timeout: 120000 });
		const r = await page.evaluate(() => {
			const text = document.body.innerText;
			const errorPanels = [...document.querySelectorAll('[class*="error"], .error')]
				.filter((e) => e.offsetParent !== null && /error/i.test(e.textContent ?? '')).map((e) => e.textContent.trim().slice(0, 200));
			// each ECharts instance: its canvas has painted pixels, or its svg has drawn paths
			const charts = [...document.querySelectorAll('[_echarts_instance_]')].map((el) => {
				const c = el.querySelector('canvas');
				if (c) {
					const ctx = c.getContext('2d');
					const d = ctx.getImageData(0, 0, c.width, c.height).data;
					let painted = 0;
					for (let i = 3; i < d.length; i += 4 * 16) if (d[i] > 0) painted++;
					return { kind: 'canvas', marks: painted, w: c.width, h: c.height };
				}
				const s = el.querySelector('svg');
				return { kind: 'svg', marks: s ? s.querySelectorAll('path, rect').length : 0 };
			});
			const tables = [...document.querySelectorAll('table')].filter((t) => t.offsetParent !== null)
				.map((t) => [...t.querySelectorAll('tr')].filter((tr) => tr.querySelector('td')).length);
			const values = [...document.querySelectorAll('.big-value, [data-testid^="big-value"]')].map((e) => e.textContent);
			return { text, errorPanels, charts, tables, values, title: document.title };
		});
		check(r.errorPanels.length === 0, `${p}: no error panel`, r.errorPanels.join(' | '));
		check(errors.length === 0, `${p}: no console errors`, errors.slice(0, 3).join(' | '));
		for (const [i, c] of r.charts.entries())
			check(c.marks > 50, `${p}: chart ${i + 1} drew marks (${c.kind})`, JSON.stringify(c));
		for (const [i, n] of r.tables.entries())
			check(n > 0, `${p}: table ${i + 1} has rows (${n})`);
		for (const s of expect[p] ?? [])
			check(r.text.includes(s), `${p}: shows "${s}"`);
		fs.writeFileSync(path.join(artifacts, `${name}.txt`), r.text);
		console.log(`# ${p}: ${r.charts.length} charts, ${r.tables.length} tables`);
		await page.close();
	}
} finally {
	await browser.close();
	server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

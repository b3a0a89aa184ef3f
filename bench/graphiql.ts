/**
 * What a browser downloads to open GraphiQL: each file the page loads, raw and as the gateway
 * sends it (brotli, gzip), and what compressing it once costs the gateway. Compares brotli
 * quality 9 (what the gateway uses) with 11.
 *
 *   npm run bench:graphiql
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createGateway } from '../src/gateway.js';

const gateway = createGateway({
  easemob: { baseUrl: 'http://127.0.0.1:9', org: 'o', app: 'a' },
  auth: { mode: 'service', clientId: 'id', clientSecret: 'secret', apiKeys: [], allowAnonymous: true },
});
const get = (path: string) => gateway.yoga.fetch(`http://localhost${path}`, { headers: { accept: 'text/html', 'accept-encoding': 'identity' } });
const html = await (await get('/graphql')).text();
const paths = ['/graphql', ...[...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)];

const timed = <T>(fn: () => T): [T, number] => {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
};

const rows: string[][] = [['file', 'raw KB', 'gzip-9 KB', 'br-9 KB', 'br-9 ms', 'br-11 KB', 'br-11 ms']];
const total = [0, 0, 0, 0, 0, 0];
for (const path of paths) {
  const body = Buffer.from(await (await get(path)).arrayBuffer());
  const gz = gzipSync(body, { level: 9 }).length;
  const [br9, ms9] = timed(() => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }).length);
  const [br11, ms11] = timed(() => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
  const row = [body.length, gz, br9, ms9, br11, ms11];
  row.forEach((v, i) => (total[i]! += v));
  rows.push([path.replace(/\/[0-9a-f]{16}\//, '/…/'), ...row.map((v, i) => (i % 2 === 1 && i > 1 ? v.toFixed(0) : (v / 1024).toFixed(0)))]);
}
rows.push(['total', ...total.map((v, i) => (i % 2 === 1 && i > 1 ? v.toFixed(0) : (v / 1024).toFixed(0)))]);
console.log(rows.map((r) => `| ${r.join(' | ')} |`).join('\n'));
await gateway.close();

// Budget (the README, Speed): a `range` template over a 1,000-item List renders in under 5 ms
// (median of several runs after warm-up). Needs a build: `npx tsc -p tsconfig.build.json`.
import { evaluateJsonPath, kubectlList } from '../../dist/src/jsonpath/index.js';

const BUDGET_MS = 5;
const RUNS = 31;
const WARMUP = 30;

const items = Array.from({ length: 1000 }, (_, i) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `web-${i}`, namespace: 'shop', labels: { app: 'web', shard: String(i % 7) } },
  spec: {
    nodeName: `kind-worker${i % 3}`,
    containers: [
      { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] },
      { name: 'sidecar', image: 'busybox:1.36' },
    ],
  },
  status: { phase: i % 10 === 0 ? 'Pending' : 'Running', containerStatuses: [{ name: 'nginx', restartCount: i % 4 }] },
}));
const list = kubectlList(items);
const template =
  '{range .items[*]}{.metadata.name}{"\\t"}{.spec.nodeName}{"\\t"}' +
  '{.spec.containers[?(@.name=="nginx")].image}{"\\t"}{.status.phase}{"\\n"}{end}';

let output = '';
for (let i = 0; i < WARMUP; i++) output = evaluateJsonPath(template, list);
if (output.split('\n').length !== 1001) throw new Error('unexpected benchmark output');

const times = [];
for (let i = 0; i < RUNS; i++) {
  const start = process.hrtime.bigint();
  evaluateJsonPath(template, list);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const ok = median <= BUDGET_MS;
console.log(`jsonpath range over 1000 items: ${median.toFixed(2)} ms (budget ${BUDGET_MS} ms)${ok ? '' : ' OVER'}`);
process.exitCode = ok ? 0 : 1;
